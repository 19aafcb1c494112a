package dev.mlpipe.webhook.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a delivery's body as JSON from either content type GitHub sends, and reads the fields an
 * event needs while collecting every one that is missing, so a 400 names them all at once.
 */
final class PayloadReader {

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final JsonNode root;
  private final List<String> missing = new ArrayList<>();

  private PayloadReader(JsonNode root) {
    this.root = root;
  }

  /**
   * The body as a JSON object: the body itself for {@code application/json}, the {@code payload}
   * form field for {@code application/x-www-form-urlencoded}.
   *
   * @throws UnsupportedContentTypeException for any other content type
   * @throws MalformedPayloadException when the JSON or the form cannot be read
   */
  static PayloadReader of(String contentType, byte[] body) {
    String mediaType =
        contentType == null
            ? JSON // GitHub always sends one; curl users often forget it.
            : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    String json;
    if (mediaType.equals(JSON)) {
      json = new String(body, StandardCharsets.UTF_8);
    } else if (mediaType.equals(FORM)) {
      json = formPayload(new String(body, StandardCharsets.US_ASCII));
    } else {
      throw new UnsupportedContentTypeException(
          "content type "
              + contentType
              + " is not one GitHub sends; choose application/json (or"
              + " application/x-www-form-urlencoded) in the webhook's settings");
    }
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || !tree.isObject()) {
        throw new MalformedPayloadException("the payload is not a JSON object");
      }
      return new PayloadReader(tree);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + " column "
                  + e.getLocation().getColumnNr();
      throw new MalformedPayloadException("the payload is not valid JSON" + where);
    }
  }

  private static String formPayload(String form) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals("payload")) {
        try {
          return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new MalformedPayloadException(
              "the form field 'payload' is not valid URL encoding: " + e.getMessage());
        }
      }
    }
    throw new MalformedPayloadException(
        "the form-encoded body has no 'payload' field, which is where GitHub puts the JSON");
  }

  /** The text at a dotted path, or null (recorded as missing) when absent or not text. */
  String requireText(String path) {
    JsonNode node = at(path);
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      missing.add(path);
      return null;
    }
    return node.textValue();
  }

  /** The text at a dotted path, or {@code fallback} when absent. */
  String text(String path, String fallback) {
    JsonNode node = at(path);
    return node != null && node.isTextual() ? node.textValue() : fallback;
  }

  boolean bool(String path) {
    JsonNode node = at(path);
    return node != null && node.asBoolean(false);
  }

  Integer requireInt(String path) {
    JsonNode node = at(path);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      missing.add(path);
      return null;
    }
    return node.intValue();
  }

  /** The node at a dotted path; null when absent or JSON null. */
  JsonNode at(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node == null || node.isNull() ? null : node;
  }

  /** Fails with every missing field of {@code event} when any was missing. */
  void requireComplete(String event) {
    if (!missing.isEmpty()) {
      throw new MalformedPayloadException(
          "the " + event + " payload lacks " + String.join(", ", missing));
    }
  }
}
