package dev.mlpipe.events.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over one wire-format value already in memory. Avro's {@code BinaryDecoder}
 * reads every string into a scratch {@link Utf8} and then copies it again into a {@code String};
 * here a string is made straight from the value's bytes, one copy instead of two, and strings are
 * most of what an event holds (about half of the decode time went to them). Reads exactly what
 * {@code BinaryDecoder} reads, with its limits ({@link SystemLimitException}); running off the end
 * is an {@link EOFException}, so the caller can tell truncated from corrupt. Not thread-safe: one
 * per thread, reconfigured per value ({@link WireBuffers}).
 */
final class WireBodyDecoder extends Decoder {

  private byte[] buf = new byte[0];
  private int pos;
  private int limit;

  /** Points this decoder at {@code length} bytes of {@code bytes} from {@code offset}. */
  WireBodyDecoder configure(byte[] bytes, int offset, int length) {
    this.buf = bytes;
    this.pos = offset;
    this.limit = offset + length;
    return this;
  }

  /** True when every byte of the value has been read. */
  boolean isEnd() {
    return pos == limit;
  }

  private void require(long n) throws EOFException {
    if (n > limit - pos) {
      throw new EOFException(
          "needs " + n + " more bytes at position " + pos + ", " + (limit - pos) + " left");
    }
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    require(1);
    return buf[pos++] == 1;
  }

  @Override
  public int readInt() throws IOException {
    int shift = 0;
    int raw = 0;
    while (true) {
      if (pos == limit) {
        throw new EOFException("an int's varint runs past the end at position " + pos);
      }
      int b = buf[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      shift += 7;
      if (shift >= 35) {
        throw new InvalidNumberEncodingException("Invalid int encoding");
      }
    }
  }

  @Override
  public long readLong() throws IOException {
    int shift = 0;
    long raw = 0;
    while (true) {
      if (pos == limit) {
        throw new EOFException("a long's varint runs past the end at position " + pos);
      }
      long b = buf[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      shift += 7;
      if (shift >= 70) {
        throw new InvalidNumberEncodingException("Invalid long encoding");
      }
    }
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(littleEndianInt());
  }

  @Override
  public double readDouble() throws IOException {
    int low = littleEndianInt();
    int high = littleEndianInt();
    return Double.longBitsToDouble(((long) high << 32) | (low & 0xffffffffL));
  }

  private int littleEndianInt() throws IOException {
    require(4);
    int value =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return value;
  }

  /** A string's or bytes' length, checked against Avro's limit and the bytes left. */
  private int length(boolean string) throws IOException {
    long length = readLong();
    if (length < 0) {
      throw new IOException("Malformed data. Length is negative: " + length);
    }
    int checked =
        string
            ? SystemLimitException.checkMaxStringLength(length)
            : SystemLimitException.checkMaxBytesLength(length);
    require(checked);
    return checked;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length(true);
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buf, pos, result.getBytes(), 0, length);
    pos += length;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = length(true);
    String value = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return value;
  }

  @Override
  public void skipString() throws IOException {
    // Not "pos += length(..)": Java reads pos before length() has moved it past the length.
    int length = length(true);
    pos += length;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = length(false);
    ByteBuffer result;
    if (old != null && length <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(length);
    }
    result.put(buf, pos, length);
    result.flip();
    pos += length;
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    int length = length(false);
    pos += length;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    require(length);
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    require(length);
    pos += length;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /** A block's item count; a negative count is followed by the block's size in bytes. */
  private long itemCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      readLong();
      count = -count;
    }
    return count;
  }

  /** Skips whole blocks that carry their byte size; returns the first count to skip by hand. */
  private long skipItems() throws IOException {
    long count = readLong();
    while (count < 0) {
      long size = readLong();
      if (size < 0) {
        throw new IOException("Malformed data. Block size is negative: " + size);
      }
      require(size);
      pos += (int) size;
      count = readLong();
    }
    return count;
  }

  @Override
  public long readArrayStart() throws IOException {
    return SystemLimitException.checkMaxCollectionLength(itemCount());
  }

  @Override
  public long arrayNext() throws IOException {
    return SystemLimitException.checkMaxCollectionLength(itemCount());
  }

  @Override
  public long skipArray() throws IOException {
    return skipItems();
  }

  @Override
  public long readMapStart() throws IOException {
    return SystemLimitException.checkMaxCollectionLength(itemCount());
  }

  @Override
  public long mapNext() throws IOException {
    return SystemLimitException.checkMaxCollectionLength(itemCount());
  }

  @Override
  public long skipMap() throws IOException {
    return skipItems();
  }
}
