package dev.mlpipe.trainer.stage;

import dev.mlpipe.trainer.retrain.FeedbackJoin;
import dev.mlpipe.trainer.retrain.PipelineHistory;
import dev.mlpipe.trainer.retrain.RetrainDecision;
import dev.mlpipe.trainer.retrain.RetrainPolicy;
import dev.mlpipe.trainer.retrain.RetrainTrigger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The trainer's reaction to a drift event or a Retrain command: bring the pipeline's history up to
 * date from the topics, let the {@link RetrainPolicy} decide, and either log why nothing happens or
 * train the spec of the version serving production, at its commit, on the spec's data plus the
 * model's live feedback, in a new run caused by the trigger.
 */
public final class RetrainHandler {

  private static final Logger log = LoggerFactory.getLogger(RetrainHandler.class);

  private final HistorySource history;
  private final FeedbackSource feedback;
  private final RetrainPolicy policy;
  private final SpecRunner runner;
  private final Clock clock;

  public RetrainHandler(
      HistorySource history,
      FeedbackSource feedback,
      RetrainPolicy policy,
      SpecRunner runner,
      Clock clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Retrains, or logs why not; returns the run's outcome record, or none. */
  public List<ProducerRecord<String, SpecificRecord>> handle(RetrainTrigger trigger)
      throws InterruptedException {
    String model = trigger.model();
    MDC.put("model", model);
    try {
      PipelineHistory now = history.current();
      RetrainDecision decision = policy.decide(trigger, now.deployment(model), now.retrains(model));
      if (decision instanceof RetrainDecision.Skip skip) {
        log.info(
            "retrain skipped ({}): {}; asked by {}",
            skip.reason(),
            skip.message(),
            trigger.describe());
        return List.of();
      }
      RetrainDecision.Retrain retrain = (RetrainDecision.Retrain) decision;
      Instant startedAt = clock.instant();
      Instant upTo = trigger.cause().getOccurredAt();
      FeedbackJoin.Result live;
      try {
        live = feedback.ratings(model, upTo);
      } catch (KafkaException e) {
        // Better a retrain on the spec's data than none: the trigger would be dead-lettered.
        log.warn(
            "model {}: the live feedback could not be read ({}); retraining on the spec's data"
                + " only",
            model,
            e.toString(),
            e);
        live = FeedbackJoin.join(List.of(), Map.of());
      }
      log.info(
          "retraining model {} (production version {}, {}) in run {}, asked by {}; live feedback"
              + " up to {}: {} ratings and {} labelled examples joined of {} ({} without their"
              + " prediction, {} unusable)",
          model,
          retrain.deployedVersion(),
          retrain.source(),
          retrain.runId(),
          trigger.describe(),
          upTo,
          live.ratings().size(),
          live.examples().size(),
          live.feedback(),
          live.withoutPrediction(),
          live.unusable());
      List<ProducerRecord<String, SpecificRecord>> outcome =
          runner.run(
              new SpecRunner.Order(
                  new RunCause(trigger.cause(), retrain.runId(), trigger.trigger()),
                  model,
                  retrain.source().repo(),
                  retrain.source().commitSha(),
                  retrain.source().specPath(),
                  trigger.cause().getOccurredAt(),
                  live.ratings(),
                  live.examples(),
                  retrain.source().changedPaths()));
      now.recordPending(model, retrain.runId(), trigger.eventId(), trigger.input(), startedAt);
      return outcome;
    } finally {
      MDC.remove("model");
    }
  }
}
