package dev.mlpipe.deployer.stream;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlpipe.deployer.rollout.RolloutState;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A model's rollout state in the state store, as JSON: readable with {@code kafka-console-consumer}
 * on the changelog, and tolerant of fields added later.
 */
final class RolloutStateSerde {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
          .build();

  private RolloutStateSerde() {}

  static byte[] toBytes(RolloutState state) {
    try {
      return JSON.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode the rollout state of " + state.registry().model(), e);
    }
  }

  static RolloutState fromBytes(byte[] bytes) {
    try {
      return JSON.readValue(bytes, RolloutState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a rollout state: " + e.getMessage(), e);
    }
  }
}
