package dev.mlpipe.cli.deploy;

import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.deployer.audit.ChainLink;
import dev.mlpipe.deployer.registry.ChainedRegistry;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/** Reads the deployment events to their current end and folds them into the registry. */
final class DeploymentEvents {

  private static final List<Topic<? extends SpecificRecord>> TOPICS =
      List.of(Topics.MODEL_DEPLOYED, Topics.ROLLED_BACK, Topics.DEPLOYMENT_FAILED);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private DeploymentEvents() {}

  /** Every committed deployment event so far, folded in the order of each model's hash chain. */
  static ModelRegistry registry(PipelineClients clients, EventCodec codec) {
    ChainedRegistry chain = new ChainedRegistry();
    readAll(clients, codec).forEach(chain::offer);
    // Everything there is was read: what still waits has no predecessor to wait for.
    chain.foldWaiting();
    return chain.registry();
  }

  static List<SpecificRecord> readAll(PipelineClients clients, EventCodec codec) {
    List<SpecificRecord> events = new ArrayList<>();
    read(clients, codec, (record, event) -> events.add(event));
    return events;
  }

  /** Every committed deployment event so far, with where it is stored and its stored bytes. */
  static List<ChainLink> readLinks(PipelineClients clients, EventCodec codec) {
    List<ChainLink> links = new ArrayList<>();
    read(
        clients,
        codec,
        (r, event) ->
            ChainLink.of(r.topic(), r.partition(), r.offset(), event, r.value())
                .ifPresent(links::add));
    return links;
  }

  private static void read(
      PipelineClients clients,
      EventCodec codec,
      BiConsumer<ConsumerRecord<String, byte[]>, SpecificRecord> sink) {
    try (KafkaConsumer<String, byte[]> consumer = clients.watcher()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?> topic : TOPICS) {
        consumer
            .partitionsFor(topic.name())
            .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw clients.unreachable(
              new KafkaException("could not read the deployment events within " + DEADLINE));
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          sink.accept(r, codec.decode(r.topic(), r.partition(), r.offset(), r.value()));
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw clients.unreachable(e);
    }
  }
}
