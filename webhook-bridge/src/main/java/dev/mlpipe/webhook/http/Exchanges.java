package dev.mlpipe.webhook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading bounded bodies and writing JSON answers. */
final class Exchanges {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The most of an unread request body an answer reads and drops before it is sent. */
  static final int DRAIN_BYTES = 2 * 1024 * 1024;

  private Exchanges() {}

  /**
   * Reads at most {@code max + 1} bytes, so that a body over the limit is known to be over it
   * without keeping all of it. The rest of a body up to twice the limit is read and dropped, so the
   * client, still sending, gets the 413 instead of a reset connection; a larger one, or a declared
   * Content-Length over twice the limit, is not read further.
   *
   * @return the body, or {@code max + 1} bytes of it when it is larger than {@code max}
   */
  static byte[] readBounded(HttpExchange exchange, int max) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > 2L * max) {
          return new byte[max + 1];
        }
      } catch (NumberFormatException e) {
        // Not a number: read, and let the bytes received decide.
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = readBounded(in, max);
    if (body.length > max) {
      long dropped = 0;
      byte[] buffer = new byte[64 * 1024];
      int n;
      while (dropped < max && (n = in.read(buffer)) > 0) {
        dropped += n;
      }
    }
    return body;
  }

  /** At most {@code max + 1} bytes of {@code in}. */
  static byte[] readBounded(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max + 1, 64 * 1024));
    byte[] buffer = new byte[16 * 1024];
    long remaining = (long) max + 1;
    int n;
    while (remaining > 0
        && (n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
      out.write(buffer, 0, n);
      remaining -= n;
    }
    return out.toByteArray();
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    respond(exchange, status, "application/json", body.toString());
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    drain(exchange);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
    if (status >= 400) {
      // The request may not have been read to its end (413): do not reuse the connection.
      exchange.getResponseHeaders().set("Connection", "close");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Reads and drops what the handler left unread of the request body, up to {@link #DRAIN_BYTES}.
   * An answer given before the body was read (404, 405) closes the connection with request bytes
   * still unread, which makes TCP reset it; the client, still sending, then lost the answer and saw
   * a broken connection instead (found by WebhookFuzzIT with 100 KB bodies on an unknown path).
   */
  private static void drain(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] buffer = new byte[16 * 1024];
    long left = DRAIN_BYTES;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  static ObjectNode problem(int status, String message) {
    return object().put("status", status).put("message", message);
  }
}
