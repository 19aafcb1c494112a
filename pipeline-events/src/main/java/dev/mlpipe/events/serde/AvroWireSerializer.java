package dev.mlpipe.events.serde;

import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import dev.mlpipe.events.serde.WireFormatException.Kind;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes Avro records (generated classes or {@code GenericRecord}s) in the Confluent wire
 * format. The schema id is resolved once per topic and schema (registered, looked up, or the
 * subject's latest, by {@link WireSerdeConfig}) and cached with its {@link DatumWriter}: the
 * registry is never asked per record. Thread-safe.
 *
 * @param <T> the record type
 */
public final class AvroWireSerializer<T> implements Serializer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(AvroWireSerializer.class);

  private SchemaRegistryClient client;
  private WireSerdeConfig config;
  private boolean isKey;
  private final Map<WriterKey, Writer> writers = new ConcurrentHashMap<>();
  private volatile Writer last;

  /** For Kafka's instantiation by class name; {@link #configure(Map, boolean)} must follow. */
  public AvroWireSerializer() {}

  /** A value serializer. */
  public AvroWireSerializer(SchemaRegistryClient client, WireSerdeConfig config) {
    this(client, config, false);
  }

  /** A key or value serializer. */
  public AvroWireSerializer(SchemaRegistryClient client, WireSerdeConfig config, boolean isKey) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.isKey = isKey;
  }

  /**
   * For a serializer Kafka instantiated by class name: reads the options from Confluent-named
   * properties and the registry client from {@link WireSerdeConfig#REGISTRY_CLIENT}. A serializer
   * built in code keeps the client and options it was built with (it may be shared, e.g. by {@link
   * EventSerdes}), so configuring it again changes nothing.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client != null) {
      return;
    }
    this.config = WireSerdeConfig.fromProperties(configs);
    this.isKey = isKey;
    this.client = registryClientFrom(configs);
    writers.clear();
    last = null;
  }

  static SchemaRegistryClient registryClientFrom(Map<String, ?> configs) {
    Object value = configs.get(WireSerdeConfig.REGISTRY_CLIENT);
    if (value instanceof SchemaRegistryClient c) {
      return c;
    }
    throw new IllegalArgumentException(
        "property "
            + WireSerdeConfig.REGISTRY_CLIENT
            + " must hold a SchemaRegistryClient instance, was "
            + (value == null ? "absent" : value.getClass().getName())
            + "; build the serde in code (EventSerdes) or put the client in the properties");
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "AvroWireSerializer is not configured: construct it with a registry client or call"
              + " configure() first");
    }
    if (!(data instanceof GenericContainer container)) {
      throw new WireFormatException(
          Kind.INVALID_RECORD,
          topic,
          -1,
          -1,
          "cannot serialize "
              + data.getClass().getName()
              + ": expected an Avro record (a generated class or a GenericRecord)",
          null);
    }
    Schema schema = container.getSchema();
    Writer writer = last;
    if (writer == null || writer.recordSchema != schema || !writer.topic.equals(topic)) {
      writer = writerFor(topic, schema, data);
      last = writer;
    }
    return writer.write(topic, data);
  }

  private Writer writerFor(String topic, Schema schema, T data) {
    WriterKey key = new WriterKey(topic, schema);
    Writer cached = writers.get(key);
    if (cached != null) {
      return cached;
    }
    Writer created = createWriter(topic, schema, data);
    Writer raced = writers.putIfAbsent(key, created);
    return raced != null ? raced : created;
  }

  private Writer createWriter(String topic, Schema schema, T data) {
    String subject;
    try {
      subject = config.subjectNameStrategy(isKey).subject(topic, isKey, schema);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(Kind.INVALID_RECORD, topic, -1, -1, e.getMessage(), e);
    }
    GenericData model =
        data instanceof SpecificRecordBase specific
            ? specific.getSpecificData()
            : GenericData.get(); // generic records: plain values, no conversions
    int id;
    Schema writeSchema;
    try {
      if (config.useLatestVersion()) {
        SchemaVersion latest = client.latest(subject);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
            SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
          throw new WireFormatException(
              Kind.SCHEMA_MISMATCH,
              topic,
              -1,
              -1,
              "use.latest.version: the latest schema of subject '"
                  + subject
                  + "' (version "
                  + latest.version()
                  + ", id "
                  + latest.id()
                  + ") cannot hold the fields of "
                  + schema.getFullName()
                  + ": "
                  + compatibility.getResult().getIncompatibilities()
                  + "; register a compatible version or turn use.latest.version off",
              null);
        }
        id = latest.id();
        writeSchema = latest.schema();
      } else if (config.autoRegisterSchemas()) {
        id = client.register(subject, schema);
        writeSchema = schema;
      } else {
        id = client.lookUp(subject, schema).id();
        writeSchema = schema;
      }
    } catch (RegistryUnavailableException e) {
      throw new WireFormatException(
          Kind.REGISTRY_UNAVAILABLE,
          topic,
          -1,
          -1,
          "cannot resolve the schema id of "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "': "
              + e.getMessage(),
          e);
    } catch (SchemaRegistryException e) {
      throw registryError(topic, subject, schema, e);
    }
    DatumWriter<T> datumWriter;
    if (writeSchema.equals(schema)) {
      datumWriter =
          model instanceof SpecificData specificModel
              ? new SpecificDatumWriter<>(schema, specificModel)
              : new GenericDatumWriter<>(schema, model);
    } else {
      SpecificData byName = new SpecificData();
      model.getConversions().forEach(byName::addLogicalTypeConversion);
      byName.setCustomCoders(false);
      datumWriter = new FieldNameDatumWriter<>(writeSchema, byName);
    }
    LOG.debug(
        "topic {}: writing {} with schema id {} (subject {})",
        topic,
        schema.getFullName(),
        id,
        subject);
    return new Writer(topic, schema, id, subject, datumWriter);
  }

  private WireFormatException registryError(
      String topic, String subject, Schema schema, SchemaRegistryException e) {
    int code = e.errorCode();
    if (code == SchemaRegistryException.INCOMPATIBLE_SCHEMA || e.httpStatus() == 409) {
      return new WireFormatException(
          Kind.INCOMPATIBLE_SCHEMA,
          topic,
          -1,
          -1,
          "the registry refused schema "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' as incompatible with the registered versions: "
              + e.getMessage()
              + "; change it compatibly (e.g. add fields with defaults)",
          e);
    }
    if (code == SchemaRegistryException.SUBJECT_NOT_FOUND
        || code == SchemaRegistryException.SCHEMA_NOT_FOUND
        || code == SchemaRegistryException.VERSION_NOT_FOUND) {
      String what =
          config.useLatestVersion()
              ? "subject '" + subject + "' has no registered version for use.latest.version"
              : "schema "
                  + schema.getFullName()
                  + " is not registered under subject '"
                  + subject
                  + "' and auto.register.schemas is off";
      return new WireFormatException(
          Kind.SCHEMA_NOT_REGISTERED,
          topic,
          -1,
          -1,
          what
              + "; register the schema first or turn auto.register.schemas on ("
              + e.getMessage()
              + ")",
          e);
    }
    return new WireFormatException(
        Kind.REGISTRY_ERROR,
        topic,
        -1,
        -1,
        "the registry answered error " + code + " for subject '" + subject + "': " + e.getMessage(),
        e);
  }

  /** Nothing to close: the registry client belongs to whoever created this serializer. */
  @Override
  public void close() {}

  private record WriterKey(String topic, Schema schema) {}

  private static final class Writer {
    final String topic;
    final Schema recordSchema;
    final int id;
    final String subject;
    final DatumWriter<Object> datumWriter;

    @SuppressWarnings("unchecked")
    Writer(String topic, Schema recordSchema, int id, String subject, DatumWriter<?> datumWriter) {
      this.topic = topic;
      this.recordSchema = recordSchema;
      this.id = id;
      this.subject = subject;
      this.datumWriter = (DatumWriter<Object>) datumWriter;
    }

    byte[] write(String topic, Object data) {
      WireBuffers buffers = WireBuffers.get();
      try {
        BinaryEncoder encoder = buffers.startRecord();
        datumWriter.write(data, encoder);
        return buffers.finishRecord(id);
      } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
        throw new WireFormatException(
            Kind.INVALID_RECORD,
            topic,
            -1,
            -1,
            "cannot write "
                + recordSchema.getFullName()
                + " (schema id "
                + id
                + ", subject '"
                + subject
                + "'): "
                + e
                + "; check that every required field is set and has its schema's type",
            e);
      }
    }
  }
}
