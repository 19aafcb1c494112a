package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.WireFormatException;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.trainer.retrain.PipelineHistory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PipelineHistory} folded from the topics: read from their beginning at the first
 * call (so a restarted trainer knows everything again), then from where it stopped. The topics are
 * the low-volume facts of the pipeline, kept forever; the prediction traffic is not among them.
 */
public final class KafkaHistorySource implements HistorySource {

  /** The topics the history is folded from. */
  public static final List<Topic<? extends SpecificRecord>> TOPICS =
      List.of(
          Topics.COMMIT,
          Topics.TRAINING_STARTED,
          Topics.TRAINING_FINISHED,
          Topics.TRAINING_FAILED,
          Topics.MODEL_DEPLOYED,
          Topics.ROLLED_BACK);

  private static final Logger log = LoggerFactory.getLogger(KafkaHistorySource.class);

  private final TopicReader reader;
  private final EventSerdes serdes;
  private final PipelineHistory history = new PipelineHistory();

  public KafkaHistorySource(
      String bootstrapServers,
      String clientId,
      Map<String, String> kafka,
      EventSerdes serdes,
      Duration timeout) {
    this.serdes = Objects.requireNonNull(serdes, "serdes");
    this.reader =
        new TopicReader(
            bootstrapServers, clientId, kafka, TOPICS.stream().map(Topic::name).toList(), timeout);
  }

  @Override
  public PipelineHistory current() {
    reader.readToEnd(this::fold);
    return history;
  }

  private void fold(ConsumerRecord<String, byte[]> record) {
    Topic<? extends SpecificRecord> topic = Topics.require(record.topic());
    SpecificRecord value;
    try {
      value =
          serdes
              .decoder(topic)
              .decode(record.topic(), record.partition(), record.offset(), record.value());
    } catch (WireFormatException e) {
      // Not this stage's input: the stages that consume the topic dead-letter it.
      log.warn("history: left out an event that cannot be decoded: {}", e.getMessage());
      return;
    }
    if (value != null) {
      history.apply(value);
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
