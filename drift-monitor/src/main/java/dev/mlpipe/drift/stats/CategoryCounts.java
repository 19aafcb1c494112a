package dev.mlpipe.drift.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How often each category of one categorical feature occurred in a window, for at most {@code
 * capacity} distinct categories; values of further categories are only counted, as {@link
 * #overflow()}, so memory stays bounded however many distinct values traffic brings. Mergeable.
 */
public final class CategoryCounts {

  /** The default number of distinct categories kept by name. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Map<String, Long> counts;
  private long overflow;

  /** Empty counts keeping at most {@code capacity} categories by name. */
  public CategoryCounts(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("category capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.counts = new HashMap<>();
  }

  /** Counts one occurrence of {@code category}. */
  public void update(String category) {
    add(Objects.requireNonNull(category, "category"), 1);
  }

  /** Adds every count of {@code other}. */
  public void merge(CategoryCounts other) {
    other.counts.forEach(this::add);
    overflow += other.overflow;
  }

  private void add(String category, long n) {
    Long existing = counts.get(category);
    if (existing != null) {
      counts.put(category, existing + n);
    } else if (counts.size() < capacity) {
      counts.put(category, n);
    } else {
      overflow += n;
    }
  }

  /** The counts by category (read-only). */
  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  /** Occurrences of categories beyond the capacity, not kept by name. */
  public long overflow() {
    return overflow;
  }

  /** Every occurrence counted. */
  public long total() {
    long total = overflow;
    for (long c : counts.values()) {
      total += c;
    }
    return total;
  }

  /** The serialized form. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(capacity);
      out.writeLong(overflow);
      out.writeInt(counts.size());
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeLong(entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing category counts to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Counts read back from {@link #toBytes()}. */
  public static CategoryCounts fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      CategoryCounts result = new CategoryCounts(in.readInt());
      result.overflow = in.readLong();
      int size = in.readInt();
      for (int i = 0; i < size; i++) {
        result.counts.put(in.readUTF(), in.readLong());
      }
      return result;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "category counts are malformed (" + e.getMessage() + "); the state store is corrupt", e);
    }
  }
}
