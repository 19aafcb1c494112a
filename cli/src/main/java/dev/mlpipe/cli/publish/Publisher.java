package dev.mlpipe.cli.publish;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.schemas.EventMeta;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes events of the catalogue's types with {@code acks=all}, keyed by model name. */
public final class Publisher implements AutoCloseable {

  private final PipelineClients clients;
  private final EventCodec codec;
  private final KafkaProducer<String, SpecificRecord> producer;

  public Publisher(ConnectionOptions connection) {
    this(connection.bootstrap(), connection.registry());
  }

  public Publisher(String bootstrap, URI registry) {
    this.clients = new PipelineClients(bootstrap);
    this.codec = EventCodec.connect(registry);
    this.producer = clients.publisher(codec.serializer());
  }

  /** The metadata factory for events a person publishes from this machine. */
  public static EventMetas metas() {
    return new EventMetas(EventMetas.producerName("cli", user()), Clock.systemUTC());
  }

  /** Publishes one event and waits until Kafka has acknowledged it. */
  public <V extends SpecificRecord> Published publish(
      Topic<? extends SpecificRecord> topic, V event) {
    GenericRecord record = (GenericRecord) event;
    EventMeta meta = (EventMeta) record.get("meta");
    String model = String.valueOf(record.get("model"));
    try {
      RecordMetadata metadata =
          producer.send(new ProducerRecord<>(topic.name(), model, event)).get(30, TimeUnit.SECONDS);
      return new Published(
          metadata.topic(),
          metadata.partition(),
          metadata.offset(),
          meta.getEventId(),
          meta.getRunId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while publishing to " + topic.name(), e);
    } catch (TimeoutException e) {
      throw clients.unreachable(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw clients.unreachable(e.getCause());
      }
      throw new UserError(
          "publishing to " + topic.name() + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw clients.unreachable(e);
    } catch (RuntimeException e) {
      throw codec.explain(e, topic.name());
    }
  }

  /**
   * Publishes one event without waiting; the future completes when Kafka has acknowledged it (or
   * fails with the reason). For a stream of events, such as feedback.
   */
  public CompletableFuture<Published> send(
      Topic<? extends SpecificRecord> topic, SpecificRecord event) {
    GenericRecord record = (GenericRecord) event;
    EventMeta meta = (EventMeta) record.get("meta");
    String model = String.valueOf(record.get("model"));
    CompletableFuture<Published> done = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(topic.name(), model, event),
        (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(error);
          } else {
            done.complete(
                new Published(
                    metadata.topic(),
                    metadata.partition(),
                    metadata.offset(),
                    meta.getEventId(),
                    meta.getRunId()));
          }
        });
    return done;
  }

  @Override
  public void close() {
    producer.close();
    codec.close();
  }

  private static String user() {
    String name = System.getProperty("user.name", "unknown");
    try {
      return name + "." + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return name;
    }
  }
}
