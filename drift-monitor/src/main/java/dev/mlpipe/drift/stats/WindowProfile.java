package dev.mlpipe.drift.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the predictions of one window looked like: how many there were, a {@link NumericSketch} per
 * numeric input and of the output score, and {@link CategoryCounts} per categorical input. A
 * feature a prediction did not carry counts as missing for that prediction ({@code sampleSize -
 * count}). Mergeable; its size is bounded by the number of features, not by the traffic.
 */
public final class WindowProfile {

  private final int sketchK;
  private final int categoryCapacity;
  private long sampleSize;
  private final Map<String, NumericSketch> numeric = new TreeMap<>();
  private final Map<String, CategoryCounts> categorical = new TreeMap<>();
  private NumericSketch prediction;

  /**
   * An empty profile.
   *
   * @param sketchK the accuracy parameter of the numeric sketches
   * @param categoryCapacity distinct categories kept by name per categorical feature
   */
  public WindowProfile(int sketchK, int categoryCapacity) {
    NumericSketch.create(sketchK); // validates k
    new CategoryCounts(categoryCapacity); // validates the capacity
    this.sketchK = sketchK;
    this.categoryCapacity = categoryCapacity;
    this.prediction = NumericSketch.create(sketchK);
  }

  /**
   * Adds one prediction.
   *
   * @param numericInputs its numeric inputs by feature name
   * @param categoricalInputs its categorical inputs by feature name
   * @param outputScore its score, or null when it had none
   */
  public void add(
      Map<String, Double> numericInputs,
      Map<String, String> categoricalInputs,
      Double outputScore) {
    sampleSize++;
    numericInputs.forEach(
        (name, value) -> {
          if (value != null) {
            numeric.computeIfAbsent(name, n -> NumericSketch.create(sketchK)).update(value);
          }
        });
    categoricalInputs.forEach(
        (name, value) -> {
          if (value != null) {
            categorical
                .computeIfAbsent(name, n -> new CategoryCounts(categoryCapacity))
                .update(value);
          }
        });
    if (outputScore != null) {
      prediction.update(outputScore);
    }
  }

  /** Adds everything {@code other} holds. */
  public void merge(WindowProfile other) {
    sampleSize += other.sampleSize;
    other.numeric.forEach(
        (name, sketch) ->
            numeric.computeIfAbsent(name, n -> NumericSketch.create(sketchK)).merge(sketch));
    other.categorical.forEach(
        (name, counts) ->
            categorical
                .computeIfAbsent(name, n -> new CategoryCounts(categoryCapacity))
                .merge(counts));
    prediction.merge(other.prediction);
  }

  /** Predictions added. */
  public long sampleSize() {
    return sampleSize;
  }

  /** The sketch of a numeric feature; empty when no prediction carried it. */
  public NumericSketch numeric(String feature) {
    NumericSketch sketch = numeric.get(feature);
    return sketch != null ? sketch : NumericSketch.create(sketchK);
  }

  /** The counts of a categorical feature; empty when no prediction carried it. */
  public CategoryCounts categorical(String feature) {
    CategoryCounts counts = categorical.get(feature);
    return counts != null ? counts : new CategoryCounts(categoryCapacity);
  }

  /** The numeric feature names seen (read-only). */
  public Map<String, NumericSketch> numericFeatures() {
    return Collections.unmodifiableMap(numeric);
  }

  /** The sketch of the output scores. */
  public NumericSketch prediction() {
    return prediction;
  }

  /** The serialized form, for a state store. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(sketchK);
      out.writeInt(categoryCapacity);
      out.writeLong(sampleSize);
      out.writeInt(numeric.size());
      for (Map.Entry<String, NumericSketch> entry : numeric.entrySet()) {
        out.writeUTF(entry.getKey());
        writeBlock(out, entry.getValue().toBytes());
      }
      out.writeInt(categorical.size());
      for (Map.Entry<String, CategoryCounts> entry : categorical.entrySet()) {
        out.writeUTF(entry.getKey());
        writeBlock(out, entry.getValue().toBytes());
      }
      writeBlock(out, prediction.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("writing a window profile to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** A profile read back from {@link #toBytes()}. */
  public static WindowProfile fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      WindowProfile profile = new WindowProfile(in.readInt(), in.readInt());
      profile.sampleSize = in.readLong();
      int numericCount = in.readInt();
      for (int i = 0; i < numericCount; i++) {
        profile.numeric.put(in.readUTF(), NumericSketch.fromBytes(readBlock(in)));
      }
      int categoricalCount = in.readInt();
      for (int i = 0; i < categoricalCount; i++) {
        profile.categorical.put(in.readUTF(), CategoryCounts.fromBytes(readBlock(in)));
      }
      profile.prediction = NumericSketch.fromBytes(readBlock(in));
      return profile;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "window profile is malformed (" + e.getMessage() + "); the state store is corrupt", e);
    }
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    byte[] block = new byte[in.readInt()];
    in.readFully(block);
    return block;
  }
}
