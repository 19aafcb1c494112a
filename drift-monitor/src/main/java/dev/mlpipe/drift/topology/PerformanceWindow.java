package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.stats.ErrorSums;
import dev.mlpipe.drift.window.WindowBounds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** One model version's window of predictions joined to their feedback: a few numbers. */
record PerformanceWindow(String model, String version, WindowBounds bounds, ErrorSums errors) {

  PerformanceWindow {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(errors, "errors");
  }

  String key() {
    return OpenWindow.key(model, version);
  }

  static Serde<PerformanceWindow> serde() {
    return Serdes.serdeFrom(
        (topic, w) -> w == null ? null : w.toBytes(),
        (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
  }

  private byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(model);
      out.writeUTF(version);
      out.writeLong(bounds.index());
      out.writeLong(bounds.start());
      out.writeLong(bounds.end());
      out.writeLong(bounds.count());
      out.writeLong(errors.count());
      out.writeDouble(errors.sumSquared());
      out.writeDouble(errors.sumAbsolute());
    } catch (IOException e) {
      throw new UncheckedIOException("writing a performance window to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static PerformanceWindow fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return new PerformanceWindow(
          in.readUTF(),
          in.readUTF(),
          new WindowBounds(in.readLong(), in.readLong(), in.readLong(), in.readLong()),
          new ErrorSums(in.readLong(), in.readDouble(), in.readDouble()));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "performance window is malformed (" + e.getMessage() + "); the state store is corrupt",
          e);
    }
  }
}
