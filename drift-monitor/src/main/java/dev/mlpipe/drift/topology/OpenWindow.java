package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.stats.WindowProfile;
import dev.mlpipe.drift.window.WindowBounds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The state of one model version's window, as kept in the windows store: which version, where the
 * window stands and its profile so far.
 */
record OpenWindow(String model, String version, WindowBounds bounds, WindowProfile profile) {

  OpenWindow {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(profile, "profile");
  }

  /** The store key of a model version. */
  static String key(String model, String version) {
    return model + "|" + version;
  }

  String key() {
    return key(model, version);
  }

  static Serde<OpenWindow> serde() {
    Serializer<OpenWindow> serializer = (topic, window) -> window == null ? null : window.toBytes();
    Deserializer<OpenWindow> deserializer =
        (topic, bytes) -> bytes == null ? null : OpenWindow.fromBytes(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(model);
      out.writeUTF(version);
      out.writeLong(bounds.index());
      out.writeLong(bounds.start());
      out.writeLong(bounds.end());
      out.writeLong(bounds.count());
      out.write(profile.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("writing a window to memory failed", e);
    }
    return bytes.toByteArray();
  }

  static OpenWindow fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readByte();
      if (format != 1) {
        throw new IllegalArgumentException(
            "window state has format " + format + ", this drift monitor reads format 1");
      }
      String model = in.readUTF();
      String version = in.readUTF();
      WindowBounds bounds =
          new WindowBounds(in.readLong(), in.readLong(), in.readLong(), in.readLong());
      WindowProfile profile = WindowProfile.fromBytes(in.readAllBytes());
      return new OpenWindow(model, version, bounds, profile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "window state is malformed (" + e.getMessage() + "); the state store is corrupt", e);
    }
  }
}
