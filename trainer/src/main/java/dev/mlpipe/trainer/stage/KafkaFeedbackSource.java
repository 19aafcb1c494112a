package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.WireFormatException;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.trainer.retrain.FeedbackJoin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a model's feedback from {@code mlpipe.feedback}, then the predictions it refers to from
 * {@code mlpipe.prediction-logged}, each from its beginning to its end as of the call (bounded:
 * traffic that arrives meanwhile is not waited for). Only records keyed by the model are decoded,
 * and only the users and inputs of predictions that got feedback are kept, so memory follows the
 * feedback, not the traffic.
 */
public final class KafkaFeedbackSource implements FeedbackSource {

  private static final Logger log = LoggerFactory.getLogger(KafkaFeedbackSource.class);

  private final String bootstrapServers;
  private final String clientId;
  private final Map<String, String> kafka;
  private final EventSerdes serdes;
  private final Duration timeout;

  public KafkaFeedbackSource(
      String bootstrapServers,
      String clientId,
      Map<String, String> kafka,
      EventSerdes serdes,
      Duration timeout) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.kafka = Map.copyOf(kafka);
    this.serdes = Objects.requireNonNull(serdes, "serdes");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public FeedbackJoin.Result ratings(String model, Instant upTo) {
    List<FeedbackReceived> feedback = new ArrayList<>();
    try (TopicReader reader =
        new TopicReader(
            bootstrapServers, clientId, kafka, List.of(Topics.FEEDBACK.name()), timeout)) {
      reader.readToEnd(
          record -> {
            if (!model.equals(record.key())) {
              return;
            }
            FeedbackReceived f = decode(Topics.FEEDBACK, record);
            if (f != null
                && model.equals(f.getModel())
                && !f.getMeta().getOccurredAt().isAfter(upTo)) {
              feedback.add(f);
            }
          });
    }
    Set<String> wanted = new HashSet<>();
    feedback.forEach(f -> wanted.add(f.getPredictionId()));
    Map<String, Integer> users = new HashMap<>();
    Map<String, Map<String, Object>> inputs = new HashMap<>();
    if (!wanted.isEmpty()) {
      try (TopicReader reader =
          new TopicReader(
              bootstrapServers,
              clientId,
              kafka,
              List.of(Topics.PREDICTION_LOGGED.name()),
              timeout)) {
        reader.readToEnd(
            record -> {
              if (!model.equals(record.key())) {
                return;
              }
              PredictionLogged p = decode(Topics.PREDICTION_LOGGED, record);
              if (p != null && wanted.contains(p.getPredictionId())) {
                inputs.put(p.getPredictionId(), FeedbackJoin.inputsOf(p));
                OptionalInt user = FeedbackJoin.userOf(p);
                if (user.isPresent()) {
                  users.put(p.getPredictionId(), user.getAsInt());
                }
              }
            });
      }
    }
    return FeedbackJoin.join(feedback, users, inputs);
  }

  private <V extends SpecificRecord> V decode(Topic<V> topic, ConsumerRecord<String, byte[]> r) {
    try {
      return serdes.decoder(topic).decode(r.topic(), r.partition(), r.offset(), r.value());
    } catch (WireFormatException e) {
      // Not this stage's input: the stages that consume the topic dead-letter it.
      log.warn("feedback: left out an event that cannot be decoded: {}", e.getMessage());
      return null;
    }
  }
}
