package dev.mlpipe.events.serde;

/** The Confluent wire format's framing: magic byte 0, then the 4-byte big-endian schema id. */
public final class WireFormat {

  /** The first byte of every framed value. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro body: the magic byte and the schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the header into the first five bytes of {@code target}. */
  static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** The schema id in a framed value's header (the caller has checked its length and magic). */
  static int readSchemaId(byte[] bytes) {
    return ((bytes[1] & 0xff) << 24)
        | ((bytes[2] & 0xff) << 16)
        | ((bytes[3] & 0xff) << 8)
        | (bytes[4] & 0xff);
  }
}
