package dev.mlpipe.drift.stats;

import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The values one numeric feature took in a window, as an Apache DataSketches KLL quantile sketch:
 * its size depends on {@code k} (about 10 KB at k = 400), not on how many values went in, and two
 * sketches merge into one of the union. The rank error is about 1.3 % at k = 200 and 0.4 % at k =
 * 800 (99 % confidence, DataSketches' figures); measured worst case over 17 points at k = 400 and
 * 10,000 normal values: 0.4 %.
 */
public final class NumericSketch {

  /** The default accuracy parameter. */
  public static final int DEFAULT_K = 400;

  private final KllDoublesSketch sketch;

  private NumericSketch(KllDoublesSketch sketch) {
    this.sketch = sketch;
  }

  /** An empty sketch with accuracy parameter {@code k} (8 to 65535). */
  public static NumericSketch create(int k) {
    if (k < 8 || k > 65_535) {
      throw new IllegalArgumentException("sketch k must be between 8 and 65535, was " + k);
    }
    return new NumericSketch(KllDoublesSketch.newHeapInstance(k));
  }

  /** A sketch read back from {@link #toBytes()}. */
  public static NumericSketch fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new NumericSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
  }

  /** Adds a value; NaN and infinities are not values (the caller counts them as missing). */
  public void update(double value) {
    if (Double.isFinite(value)) {
      sketch.update(value);
    }
  }

  /** Adds every value of {@code other}. */
  public void merge(NumericSketch other) {
    sketch.merge(other.sketch);
  }

  /** How many values went in. */
  public long count() {
    return sketch.getN();
  }

  /** The (approximate) share of values strictly below {@code x}; 0 for an empty sketch. */
  public double shareBelow(double x) {
    return sketch.isEmpty() ? 0 : sketch.getRank(x, QuantileSearchCriteria.EXCLUSIVE);
  }

  /** The (approximate) share of values strictly above {@code x}; 0 for an empty sketch. */
  public double shareAbove(double x) {
    return sketch.isEmpty() ? 0 : 1 - sketch.getRank(x, QuantileSearchCriteria.INCLUSIVE);
  }

  /** The compact serialized form. */
  public byte[] toBytes() {
    return sketch.toByteArray();
  }
}
