package dev.mlpipe.drift.topology;

import dev.mlpipe.schemas.TrainingFinished;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each model version's training reference, checking first that the statistics can use it (an
 * unusable one fails here, so it is dead-lettered with the reason).
 */
final class ReferenceProcessor implements Processor<String, TrainingFinished, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(ReferenceProcessor.class);

  private KeyValueStore<String, TrainingFinished> references;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    references = context.getStateStore(DriftTopology.REFERENCES_STORE);
  }

  @Override
  public void process(Record<String, TrainingFinished> record) {
    TrainingFinished finished = record.value();
    if (finished == null) {
      return;
    }
    ReferenceProfiles.toReference(
        finished.getModel(), finished.getVersion(), finished.getReferenceProfile());
    references.put(OpenWindow.key(finished.getModel(), finished.getVersion()), finished);
    log.info(
        "drift reference kept: model={} version={} runId={} features={}",
        finished.getModel(),
        finished.getVersion(),
        finished.getMeta().getRunId(),
        finished.getReferenceProfile().getFeatures().size());
  }
}
