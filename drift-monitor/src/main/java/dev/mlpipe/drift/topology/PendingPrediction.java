package dev.mlpipe.drift.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A scored prediction waiting, for the feedback grace period, for its actual outcome. */
record PendingPrediction(String version, double score) {

  PendingPrediction {
    Objects.requireNonNull(version, "version");
  }

  static Serde<PendingPrediction> serde() {
    return Serdes.serdeFrom(
        (topic, p) -> p == null ? null : p.toBytes(),
        (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
  }

  private byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(version);
      out.writeDouble(score);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a pending prediction to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static PendingPrediction fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return new PendingPrediction(in.readUTF(), in.readDouble());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "pending prediction is malformed (" + e.getMessage() + "); the state store is corrupt",
          e);
    }
  }
}
