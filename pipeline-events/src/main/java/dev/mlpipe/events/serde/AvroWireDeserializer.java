package dev.mlpipe.events.serde;

import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.serde.WireFormatException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent wire-format values into generated classes or {@code GenericRecord}s. The
 * writer schema is fetched by id once and cached with its {@link DatumReader}; Avro schema
 * resolution then reads older and newer writer versions into the reader's type. Every failure is a
 * {@link WireFormatException} with its {@link WireFormatException.Kind}. Thread-safe.
 *
 * @param <T> the decoded type
 */
public final class AvroWireDeserializer<T> implements Deserializer<T>, EventDecoder<T> {

  private enum Mode {
    /** Into one generated class. */
    SPECIFIC_CLASS,
    /** Into the generated class named by the writer schema (Confluent's specific.avro.reader). */
    SPECIFIC_BY_NAME,
    /** Into GenericRecords with the writer schema, or a given reader schema. */
    GENERIC
  }

  private SchemaRegistryClient client;
  private Mode mode;
  private final Class<?> specificType;
  private final Schema genericReaderSchema;
  private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();

  /**
   * The reader used last: a topic's values nearly always carry one schema id, so most records find
   * their reader here without boxing the id and hashing into {@link #readers}.
   */
  private volatile Recent last;

  /**
   * For Kafka's instantiation by class name; {@link #configure(Map, boolean)} must follow, and
   * {@link WireSerdeConfig#SPECIFIC_AVRO_READER} chooses generated classes or generic records.
   */
  public AvroWireDeserializer() {
    this(null, Mode.SPECIFIC_BY_NAME, null, null);
  }

  private AvroWireDeserializer(
      SchemaRegistryClient client, Mode mode, Class<?> specificType, Schema genericReaderSchema) {
    this.client = client;
    this.mode = mode;
    this.specificType = specificType;
    this.genericReaderSchema = genericReaderSchema;
  }

  /** Reads values into the generated class {@code type}, whatever version they were written in. */
  public static <T extends SpecificRecord> AvroWireDeserializer<T> specific(
      SchemaRegistryClient client, Class<T> type) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(type, "type");
    return new AvroWireDeserializer<>(client, Mode.SPECIFIC_CLASS, type, null);
  }

  /** Reads values into generic records with the schema they were written with. */
  public static AvroWireDeserializer<GenericRecord> generic(SchemaRegistryClient client) {
    Objects.requireNonNull(client, "client");
    return new AvroWireDeserializer<>(client, Mode.GENERIC, null, null);
  }

  /** Reads values into generic records of {@code readerSchema}, resolving the writer's schema. */
  public static AvroWireDeserializer<GenericRecord> generic(
      SchemaRegistryClient client, Schema readerSchema) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(readerSchema, "readerSchema");
    return new AvroWireDeserializer<>(client, Mode.GENERIC, null, readerSchema);
  }

  /**
   * For a deserializer Kafka instantiated by class name: takes the registry client from {@link
   * WireSerdeConfig#REGISTRY_CLIENT} and chooses generated classes or generic records by {@link
   * WireSerdeConfig#SPECIFIC_AVRO_READER}. A deserializer built in code keeps what it was built
   * with, so configuring it again changes nothing.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client != null) {
      return;
    }
    WireSerdeConfig config = WireSerdeConfig.fromProperties(configs);
    client = AvroWireSerializer.registryClientFrom(configs);
    mode = config.specificAvroReader() ? Mode.SPECIFIC_BY_NAME : Mode.GENERIC;
    readers.clear();
    last = null;
  }

  /** Decodes a value; errors name the topic (Kafka does not pass partition and offset here). */
  @Override
  public T deserialize(String topic, byte[] data) {
    return decode(topic, -1, -1L, data);
  }

  @Override
  public T decode(String topic, int partition, long offset, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "AvroWireDeserializer is not configured: build it with a registry client or call"
              + " configure() first");
    }
    if (bytes.length == 0) {
      throw new WireFormatException(
          Kind.TRUNCATED,
          topic,
          partition,
          offset,
          "empty payload; a wire-format value has at least the 5 header bytes",
          null);
    }
    if (bytes[0] != WireFormat.MAGIC_BYTE) {
      throw new WireFormatException(
          Kind.WRONG_MAGIC_BYTE,
          topic,
          partition,
          offset,
          String.format(
              "first byte is 0x%02x, expected 0x00%s; the value was not written by a"
                  + " Confluent-compatible Avro serializer",
              bytes[0] & 0xff, bytes[0] == '{' ? " (it looks like JSON)" : ""),
          null);
    }
    if (bytes.length < WireFormat.HEADER_SIZE) {
      throw new WireFormatException(
          Kind.TRUNCATED,
          topic,
          partition,
          offset,
          "payload of "
              + bytes.length
              + " bytes is shorter than the 5-byte header (magic byte and schema id)",
          null);
    }
    int id = WireFormat.readSchemaId(bytes);
    Reader reader = readerFor(id, topic, partition, offset);
    if (reader.mismatch != null) {
      throw new WireFormatException(
          Kind.SCHEMA_MISMATCH, topic, partition, offset, reader.mismatch, null);
    }
    WireBodyDecoder decoder = WireBuffers.get().decoderFor(bytes);
    Object value;
    try {
      value = reader.datumReader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new WireFormatException(
            Kind.CORRUPT_AVRO,
            topic,
            partition,
            offset,
            "bytes left over after the "
                + reader.writerSchema.getFullName()
                + " record (schema id "
                + id
                + "): the body is not a valid encoding of its schema",
            null);
      }
    } catch (EOFException e) {
      throw new WireFormatException(
          Kind.TRUNCATED,
          topic,
          partition,
          offset,
          "the Avro body ends before the "
              + reader.writerSchema.getFullName()
              + " record (schema id "
              + id
              + ") is complete ("
              + (bytes.length - WireFormat.HEADER_SIZE)
              + " body bytes)",
          e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof WireFormatException wfe) {
        throw wfe;
      }
      // Avro reports garbage as whatever it trips over first: bad lengths, union or enum
      // indexes out of range, invalid varints.
      throw new WireFormatException(
          Kind.CORRUPT_AVRO,
          topic,
          partition,
          offset,
          "the Avro body is not a valid "
              + reader.writerSchema.getFullName()
              + " record (schema id "
              + id
              + "): "
              + e,
          e);
    }
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return typed;
  }

  private Reader readerFor(int id, String topic, int partition, long offset) {
    Recent recent = last;
    if (recent != null && recent.id == id) {
      return recent.reader;
    }
    Reader reader = readers.get(id);
    if (reader == null) {
      reader = createReader(id, topic, partition, offset);
      Reader raced = readers.putIfAbsent(id, reader);
      if (raced != null) {
        reader = raced;
      }
    }
    last = new Recent(id, reader);
    return reader;
  }

  private Reader createReader(int id, String topic, int partition, long offset) {
    Schema writer;
    try {
      writer = client.schemaById(id);
    } catch (RegistryUnavailableException e) {
      throw new WireFormatException(
          Kind.REGISTRY_UNAVAILABLE,
          topic,
          partition,
          offset,
          "cannot fetch the writer schema id " + id + ": " + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      boolean unknown =
          e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.httpStatus() == 404;
      throw new WireFormatException(
          unknown ? Kind.UNKNOWN_SCHEMA_ID : Kind.REGISTRY_ERROR,
          topic,
          partition,
          offset,
          unknown
              ? "schema id "
                  + id
                  + " is not known to the registry; the value was written against another"
                  + " registry, or the schema was deleted ("
                  + e.getMessage()
                  + ")"
              : "the registry answered error "
                  + e.errorCode()
                  + " for schema id "
                  + id
                  + ": "
                  + e.getMessage(),
          e);
    }
    if (writer.getType() != Schema.Type.RECORD) {
      return Reader.mismatch(
          writer, "schema id " + id + " is a " + writer.getType().getName() + ", not a record");
    }
    switch (mode) {
      case GENERIC -> {
        if (genericReaderSchema == null) {
          return new Reader(writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
        }
        String incompatible = incompatibility(genericReaderSchema, writer, id);
        return incompatible != null
            ? Reader.mismatch(writer, incompatible)
            : new Reader(
                writer, new GenericDatumReader<>(writer, genericReaderSchema, GenericData.get()));
      }
      case SPECIFIC_CLASS -> {
        return specificReader(specificType, writer, id);
      }
      default -> {
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
          return Reader.mismatch(
              writer,
              "no generated class "
                  + writer.getFullName()
                  + " on the classpath for schema id "
                  + id
                  + "; read it generically (specific.avro.reader=false)");
        }
        return specificReader(generated, writer, id);
      }
    }
  }

  private static Reader specificReader(Class<?> type, Schema writer, int id) {
    SpecificData model = SpecificData.getForClass(type);
    // Avro's fast reader builds one reading plan per (writer, reader) pair instead of walking a
    // ResolvingDecoder for every record: about 40 % less time per decoded event, same results.
    // The model is the generated class's own (it carries the logical-type conversions), and only
    // mlpipe reads these classes, so enabling it there affects nobody else.
    model.setFastReaderEnabled(true);
    Schema reader = model.getSchema(type);
    String incompatible = incompatibility(reader, writer, id);
    return incompatible != null
        ? Reader.mismatch(writer, incompatible)
        : new Reader(writer, new SpecificDatumReader<>(writer, reader, model));
  }

  private static String incompatibility(Schema reader, Schema writer, int id) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return null;
    }
    return "a "
        + writer.getFullName()
        + " written with schema id "
        + id
        + " cannot be read as "
        + reader.getFullName()
        + ": "
        + result.getResult().getIncompatibilities().stream()
            .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
            .toList();
  }

  /** Nothing to close: the registry client belongs to whoever created this deserializer. */
  @Override
  public void close() {}

  private record Recent(int id, Reader reader) {}

  private static final class Reader {
    final Schema writerSchema;
    final DatumReader<?> datumReader;
    final String mismatch;

    Reader(Schema writerSchema, DatumReader<?> datumReader) {
      this(writerSchema, datumReader, null);
    }

    private Reader(Schema writerSchema, DatumReader<?> datumReader, String mismatch) {
      this.writerSchema = writerSchema;
      this.datumReader = datumReader;
      this.mismatch = mismatch;
    }

    static Reader mismatch(Schema writerSchema, String why) {
      return new Reader(writerSchema, null, why);
    }
  }
}
