package dev.mlpipe.console.models;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PipelineCommand;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes commands to {@code mlpipe.commands} with {@code acks=all}, keyed by model. */
public final class KafkaCommandSink implements CommandSink, AutoCloseable {

  private final KafkaProducer<String, PipelineCommand> producer;

  public KafkaCommandSink(String bootstrap, EventSerdes serdes) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.CLIENT_ID_CONFIG,
                "mlpipe-console-commands",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                20_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.COMMANDS));
  }

  @Override
  public Receipt publish(PipelineCommand command) {
    try {
      RecordMetadata m =
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.COMMANDS.name(), command.getModel().toString(), command))
              .get(30, TimeUnit.SECONDS);
      return new Receipt(m.topic(), m.partition(), m.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the command", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "could not publish the command to "
              + Topics.COMMANDS.name()
              + ": "
              + cause
              + "; is Kafka reachable?",
          cause);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException(
          "could not publish the command to " + Topics.COMMANDS.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
