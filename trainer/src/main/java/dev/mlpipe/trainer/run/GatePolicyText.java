package dev.mlpipe.trainer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Map;

/**
 * The spec's {@code gates:} section as TrainingFinished carries it to the gatekeeper: YAML text of
 * the section's content (without the {@code gates:} key), keys in the order written; null when the
 * spec sets no gates.
 */
public final class GatePolicyText {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private GatePolicyText() {}

  public static String of(Map<String, Object> gates) {
    if (gates == null || gates.isEmpty()) {
      return null;
    }
    try {
      return YAML.writeValueAsString(gates);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed gates section must serialise: " + gates, e);
    }
  }
}
