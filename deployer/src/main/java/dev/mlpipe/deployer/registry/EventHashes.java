package dev.mlpipe.deployer.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The hash that links a model's deployment events into a tamper-evident chain: SHA-256 of the
 * event's Avro binary encoding, which is deterministic for a given schema and value.
 */
public final class EventHashes {

  private EventHashes() {}

  /** Lower-case hex SHA-256 of the event's Avro binary encoding. */
  public static String of(SpecificRecord event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
