package dev.mlpipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.events.json.EventJson;
import dev.mlpipe.events.json.EventJsonException;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.RegistryClientConfig;
import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.WireFormatException;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.EventMeta;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How the CLI turns events into bytes and back: the Confluent wire format through the schema
 * registry, and JSON checked against the event's schema. Failures become {@link UserError}s that
 * say what to fix.
 */
public final class EventCodec implements AutoCloseable {

  /** What to check when the registry cannot be reached. */
  static final String REGISTRY_HINT =
      "(is `mlpipe up` running? point --registry or MLPIPE_REGISTRY_URL at your registry)";

  private final URI registryUrl;
  private final SchemaRegistryClient registry;
  private final EventSerdes serdes;

  private EventCodec(URI registryUrl, SchemaRegistryClient registry) {
    this.registryUrl = registryUrl;
    this.registry = registry;
    this.serdes = new EventSerdes(registry);
  }

  /** A codec talking to the registry at this URL (nothing is contacted until needed). */
  public static EventCodec connect(URI registryUrl) {
    return new EventCodec(
        registryUrl, new HttpSchemaRegistryClient(RegistryClientConfig.of(registryUrl)));
  }

  /** A serializer for values of any catalogue topic (subject {@code <topic>-value}). */
  public Serializer<SpecificRecord> serializer() {
    return new AvroWireSerializer<>(registry, serdes.config());
  }

  /**
   * Decodes a value of a catalogue topic into its event type.
   *
   * @throws WireFormatException naming topic, partition and offset when it cannot be decoded
   */
  public SpecificRecord decode(String topic, int partition, long offset, byte[] bytes) {
    return serdes.decoder(Topics.require(topic)).decode(topic, partition, offset, bytes);
  }

  /** The event as plain JSON (unions unwrapped, timestamps as ISO-8601). */
  public JsonNode toJsonTree(SpecificRecord event) {
    return EventJson.toTree(event);
  }

  /**
   * Reads an event of {@code type} from JSON, supplying {@code meta} when absent.
   *
   * @param source where the JSON came from, named in the error
   */
  public static <V extends SpecificRecord> V fromJson(
      String json, Class<V> type, Supplier<EventMeta> meta, String source) {
    try {
      return EventJson.read(json, type, meta);
    } catch (EventJsonException e) {
      throw new UserError(source + ": " + e.getMessage() + "\nnothing was published", 2, e);
    }
  }

  /** Registers every catalogue topic's value schema; see {@link SchemaSetup}. */
  public Map<String, Integer> registerCatalogueSchemas() {
    try {
      return new SchemaSetup(registry).registerCatalogue();
    } catch (RuntimeException e) {
      throw explain(e, "the catalogue");
    }
  }

  /** The error a person can act on for a failure while serializing to {@code topic}. */
  public RuntimeException explain(RuntimeException e, String topic) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof RegistryUnavailableException) {
        return new UserError(
            "cannot reach the schema registry at " + registryUrl + " " + REGISTRY_HINT, cause);
      }
      if (cause instanceof SchemaRegistryException r) {
        return new UserError(
            "the schema registry at "
                + registryUrl
                + " refused the schema of "
                + topic
                + ": "
                + r.getMessage()
                + " (error "
                + r.errorCode()
                + ")",
            cause);
      }
      cause = cause.getCause();
    }
    return e;
  }

  @Override
  public void close() {
    registry.close();
  }
}
