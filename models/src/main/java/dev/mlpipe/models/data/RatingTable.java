package dev.mlpipe.models.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable table of ratings stored column by column, so tens of millions of rows fit in a few
 * hundred megabytes. Ids are the data's own user and item ids; timestamps are epoch seconds.
 */
public final class RatingTable {

  private static final int ROW_BYTES = 20;

  private final int[] users;
  private final int[] items;
  private final float[] ratings;
  private final long[] timestamps;

  private RatingTable(int[] users, int[] items, float[] ratings, long[] timestamps) {
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.timestamps = timestamps;
  }

  /** A table of copies of the given columns, which must have the same length. */
  public static RatingTable of(int[] users, int[] items, float[] ratings, long[] timestamps) {
    int n = users.length;
    if (items.length != n || ratings.length != n || timestamps.length != n) {
      throw new IllegalArgumentException(
          "rating columns differ in length: users "
              + n
              + ", items "
              + items.length
              + ", ratings "
              + ratings.length
              + ", timestamps "
              + timestamps.length);
    }
    return new RatingTable(users.clone(), items.clone(), ratings.clone(), timestamps.clone());
  }

  public static Builder builder() {
    return new Builder(1024);
  }

  public int size() {
    return users.length;
  }

  public int user(int row) {
    return users[row];
  }

  public int item(int row) {
    return items[row];
  }

  public float rating(int row) {
    return ratings[row];
  }

  public long timestamp(int row) {
    return timestamps[row];
  }

  /** The rows at the given indexes, in that order. */
  public RatingTable select(int[] rows) {
    int[] u = new int[rows.length];
    int[] i = new int[rows.length];
    float[] r = new float[rows.length];
    long[] t = new long[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int row = rows[k];
      u[k] = users[row];
      i[k] = items[row];
      r[k] = ratings[row];
      t[k] = timestamps[row];
    }
    return new RatingTable(u, i, r, t);
  }

  /** The number of distinct user ids. */
  public int distinctUsers() {
    return (int) Arrays.stream(users).distinct().count();
  }

  /** The number of distinct item ids. */
  public int distinctItems() {
    return (int) Arrays.stream(items).distinct().count();
  }

  /** The mean rating; NaN for an empty table. */
  public double meanRating() {
    double sum = 0;
    for (float r : ratings) {
      sum += r;
    }
    return ratings.length == 0 ? Double.NaN : sum / ratings.length;
  }

  /**
   * SHA-256 over the rows in order, each as big-endian user (int), item (int), rating (IEEE float
   * bits) and timestamp (long): the same rows in the same order give the same hash whatever file or
   * generator they came from. Lower-case hex.
   */
  /**
   * The rows in the table's canonical binary form, 20 bytes per row (user, item as big-endian ints,
   * rating as float, timestamp as long): what {@link #sha256()} hashes, so the bytes stored in a
   * content-addressed store are found again by the table's hash.
   */
  public byte[] toCanonicalBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(users.length, ROW_BYTES));
    for (int row = 0; row < users.length; row++) {
      buffer.putInt(users[row]).putInt(items[row]).putFloat(ratings[row]).putLong(timestamps[row]);
    }
    return buffer.array();
  }

  /** The table whose canonical form the bytes are (see {@link #toCanonicalBytes()}). */
  public static RatingTable fromCanonicalBytes(byte[] bytes) {
    if (bytes.length % ROW_BYTES != 0) {
      throw new IllegalArgumentException(
          "canonical rating rows are "
              + ROW_BYTES
              + " bytes each; "
              + bytes.length
              + " bytes is not a whole number of rows");
    }
    int n = bytes.length / ROW_BYTES;
    int[] u = new int[n];
    int[] i = new int[n];
    float[] r = new float[n];
    long[] t = new long[n];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    for (int row = 0; row < n; row++) {
      u[row] = buffer.getInt();
      i[row] = buffer.getInt();
      r[row] = buffer.getFloat();
      t[row] = buffer.getLong();
    }
    return new RatingTable(u, i, r, t);
  }

  public String sha256() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    ByteBuffer buffer = ByteBuffer.allocate(20 * 4096);
    for (int row = 0; row < users.length; row++) {
      if (buffer.remaining() < 20) {
        digest.update(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      buffer.putInt(users[row]).putInt(items[row]).putFloat(ratings[row]).putLong(timestamps[row]);
    }
    digest.update(buffer.array(), 0, buffer.position());
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public String toString() {
    return "RatingTable[rows=" + users.length + "]";
  }

  /** Collects rows one by one; not thread-safe. */
  public static final class Builder {
    private int[] users;
    private int[] items;
    private float[] ratings;
    private long[] timestamps;
    private int size;

    private Builder(int capacity) {
      users = new int[capacity];
      items = new int[capacity];
      ratings = new float[capacity];
      timestamps = new long[capacity];
    }

    public Builder add(int user, int item, float rating, long timestamp) {
      if (size == users.length) {
        int capacity = Math.max(16, size + (size >> 1));
        users = Arrays.copyOf(users, capacity);
        items = Arrays.copyOf(items, capacity);
        ratings = Arrays.copyOf(ratings, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
      }
      users[size] = user;
      items[size] = item;
      ratings[size] = rating;
      timestamps[size] = timestamp;
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    public RatingTable build() {
      return new RatingTable(
          Arrays.copyOf(users, size),
          Arrays.copyOf(items, size),
          Arrays.copyOf(ratings, size),
          Arrays.copyOf(timestamps, size));
    }
  }
}
