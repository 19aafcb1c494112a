package dev.mlpipe.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class WireBodyDecoderTest {

  private static final Schema EVERY_TYPE =
      SchemaBuilder.record("EveryType")
          .fields()
          .requiredBoolean("flag")
          .requiredInt("smallInt")
          .requiredLong("bigLong")
          .requiredFloat("ratio")
          .requiredDouble("score")
          .requiredString("name")
          .requiredBytes("blob")
          .name("tags")
          .type()
          .array()
          .items()
          .stringType()
          .noDefault()
          .name("weights")
          .type()
          .map()
          .values()
          .doubleType()
          .noDefault()
          .optionalString("note")
          .endRecord();

  private static GenericRecord everyType() {
    GenericRecord record = new GenericData.Record(EVERY_TYPE);
    record.put("flag", true);
    record.put("smallInt", Integer.MIN_VALUE);
    record.put("bigLong", Long.MAX_VALUE);
    record.put("ratio", -1.5f);
    record.put("score", Math.PI);
    record.put("name", "Größe ✓ ascii");
    record.put("blob", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    record.put("tags", List.of("a", "", "c"));
    record.put("weights", new java.util.TreeMap<>(Map.of("x", 1.0, "y", -2.0)));
    record.put("note", null);
    return record;
  }

  private static byte[] encode(Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Object decode(Schema writer, Schema reader, byte[] bytes) throws IOException {
    WireBodyDecoder decoder = new WireBodyDecoder().configure(bytes, 0, bytes.length);
    Object value = new GenericDatumReader<>(writer, reader).read(null, decoder);
    assertThat(decoder.isEnd()).as("every byte read").isTrue();
    return value;
  }

  @Test
  void shouldReadEveryTypeAsAvrosOwnDecoderDoes() throws IOException {
    byte[] bytes = encode(EVERY_TYPE, everyType());

    GenericRecord read = (GenericRecord) decode(EVERY_TYPE, EVERY_TYPE, bytes);

    GenericRecord expected = everyType();
    for (Schema.Field field : EVERY_TYPE.getFields()) {
      Object value = read.get(field.name());
      if (value instanceof Map<?, ?> map) {
        value = new java.util.TreeMap<>(map);
      }
      assertThat(String.valueOf(value))
          .as(field.name())
          .isEqualTo(String.valueOf(expected.get(field.name())));
    }
  }

  @Test
  void shouldSkipFieldsTheReaderDoesNotHave() throws IOException {
    Schema onlyScore =
        SchemaBuilder.record("EveryType").fields().requiredDouble("score").endRecord();

    GenericRecord read =
        (GenericRecord) decode(EVERY_TYPE, onlyScore, encode(EVERY_TYPE, everyType()));

    assertThat(read.get("score")).isEqualTo(Math.PI);
  }

  @Test
  void shouldReadAndSkipArraysWrittenInBlocksWithTheirByteSize() throws IOException {
    Schema strings = SchemaBuilder.array().items().stringType();
    // A block of -2 items (negative: its byte size follows) of 5 bytes: "ab", "c"; then the end.
    byte[] blocked = {3, 10, 4, 'a', 'b', 2, 'c', 0};

    assertThat(decode(strings, strings, blocked).toString()).isEqualTo("[ab, c]");
    WireBodyDecoder decoder = new WireBodyDecoder().configure(blocked, 0, blocked.length);
    assertThat(decoder.skipArray()).isZero();
    assertThat(decoder.isEnd()).isTrue();
  }

  @Test
  void shouldReportRunningOffTheEndAsEndOfFile() throws IOException {
    byte[] bytes = encode(EVERY_TYPE, everyType());
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 4);

    assertThatThrownBy(() -> decode(EVERY_TYPE, EVERY_TYPE, truncated))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void shouldRefuseVarintsLongerThanTheirType() {
    byte[] sixBytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
    WireBodyDecoder decoder = new WireBodyDecoder().configure(sixBytes, 0, sixBytes.length);

    assertThatThrownBy(decoder::readInt).isInstanceOf(InvalidNumberEncodingException.class);
  }

  @Test
  void shouldRefuseANegativeStringLength() {
    byte[] negative = {1, 'a'};
    WireBodyDecoder decoder = new WireBodyDecoder().configure(negative, 0, negative.length);

    assertThatThrownBy(decoder::readString).hasMessageContaining("Length is negative");
  }
}
