package dev.mlpipe.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection for the load generator: GET, status, {@code X-Model-Version}
 * and a {@code Content-Length} body, nothing more, so the client costs little next to the server it
 * measures. Not thread-safe: one sender owns it.
 */
final class HttpConnection implements AutoCloseable {

  /**
   * One answer: its status, its {@code X-Model-Version}, and whether the server closes the
   * connection after it.
   */
  record Answer(int status, String version, boolean closes) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  HttpConnection(URI server, Duration connectTimeout) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(
        new InetSocketAddress(server.getHost(), server.getPort()), (int) connectTimeout.toMillis());
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
    host = server.getHost() + ":" + server.getPort();
  }

  /** Sends a GET of {@code path} and reads the whole answer within {@code timeoutNanos}. */
  Answer get(String path, long timeoutNanos) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeoutNanos / 1_000_000));
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    String version = null;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "x-model-version" -> version = value;
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    if (length < 0) {
      throw new IOException("answer without Content-Length to " + path);
    }
    in.skipNBytes(length);
    return new Answer(status, version, close);
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int n = bytes.size();
        byte[] raw = bytes.toByteArray();
        return new String(
            raw, 0, n > 0 && raw[n - 1] == '\r' ? n - 1 : n, StandardCharsets.US_ASCII);
      }
      bytes.write(b);
    }
    throw new IOException("connection closed by the server");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a connection that already failed: nothing left to release.
    }
  }
}
