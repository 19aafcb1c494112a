package dev.mlpipe.drift.topology;

import dev.mlpipe.schemas.PredictionLogged;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps each scored prediction for the feedback grace period, so feedback can be joined to it by
 * prediction id; the window store drops it once the grace period is over.
 */
final class PendingPredictionProcessor implements Processor<String, PredictionLogged, Void, Void> {

  private WindowStore<String, PendingPrediction> pending;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    pending = context.getStateStore(DriftTopology.PENDING_STORE);
  }

  @Override
  public void process(Record<String, PredictionLogged> record) {
    PredictionLogged prediction = record.value();
    if (prediction == null || prediction.getOutputScore() == null) {
      return;
    }
    pending.put(
        prediction.getPredictionId(),
        new PendingPrediction(prediction.getVersion(), prediction.getOutputScore()),
        record.timestamp());
  }
}
