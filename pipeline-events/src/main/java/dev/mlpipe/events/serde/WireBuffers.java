package dev.mlpipe.events.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Per-thread reusable buffer, encoder and decoder: serializers are called from many threads, and
 * allocating these per record would cost more than the encoding itself.
 */
final class WireBuffers {

  /** Buffers bigger than this after a record are dropped so one huge record does not pin memory. */
  private static final int KEEP_AT_MOST = 1 << 20;

  private static final ThreadLocal<WireBuffers> LOCAL = ThreadLocal.withInitial(WireBuffers::new);

  private final Sink sink = new Sink();
  private BinaryEncoder encoder;
  private final WireBodyDecoder decoder = new WireBodyDecoder();

  static WireBuffers get() {
    return LOCAL.get();
  }

  /** An encoder writing into this thread's buffer, after the 5 header bytes left blank. */
  BinaryEncoder startRecord() {
    // Reconfigure first: a reused encoder flushes bytes left by a failed record into its old
    // sink, which the reset then discards.
    encoder = EncoderFactory.get().binaryEncoder(sink, encoder);
    sink.reset();
    return encoder;
  }

  /** Flushes the encoder and returns the framed record with the header filled in. */
  byte[] finishRecord(int schemaId) throws java.io.IOException {
    encoder.flush();
    byte[] result = sink.toByteArray();
    WireFormat.writeHeader(result, schemaId);
    sink.shrinkIfHuge();
    return result;
  }

  /** A decoder over the Avro body of a framed value. */
  WireBodyDecoder decoderFor(byte[] bytes) {
    return decoder.configure(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE);
  }

  /** An unsynchronised growable byte sink that starts every record with room for the header. */
  private static final class Sink extends OutputStream {
    private byte[] buf = new byte[512];
    private int count;

    void reset() {
      count = WireFormat.HEADER_SIZE;
    }

    void shrinkIfHuge() {
      if (buf.length > KEEP_AT_MOST) {
        buf = new byte[512];
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }

    private void ensure(int extra) {
      int needed = count + extra;
      if (needed > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }
  }
}
