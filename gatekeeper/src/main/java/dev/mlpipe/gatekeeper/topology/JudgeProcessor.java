package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.schemas.TrainingFinished;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each candidate once. The verdicts store (model and version to the verdict's outcome and
 * eventId) is written in the same Streams transaction as the verdict, so a TrainingFinished seen
 * again, whether re-delivered after a crash or published twice, yields no second verdict.
 */
final class JudgeProcessor implements Processor<String, Candidate, String, Verdict> {

  private static final Logger LOG = LoggerFactory.getLogger(JudgeProcessor.class);

  private final Gate gate;
  private ProcessorContext<String, Verdict> context;
  private KeyValueStore<String, String> issued;

  JudgeProcessor(Gate gate) {
    this.gate = gate;
  }

  @Override
  public void init(ProcessorContext<String, Verdict> context) {
    this.context = context;
    this.issued = context.getStateStore(GatekeeperTopology.VERDICTS_STORE);
  }

  @Override
  public void process(Record<String, Candidate> record) {
    TrainingFinished finished = record.value().finished();
    String candidateKey = finished.getModel() + "@" + finished.getVersion();
    String earlier = issued.get(candidateKey);
    if (earlier != null) {
      LOG.info(
          "runId={} model={} version={}: already judged ({}); TrainingFinished {} ignored",
          finished.getMeta().getRunId(),
          finished.getModel(),
          finished.getVersion(),
          earlier,
          finished.getMeta().getEventId());
      return;
    }
    Verdict verdict =
        gate.judge(finished, Optional.ofNullable(record.value().champion()).map(Gate::championOf));
    issued.put(
        candidateKey, (verdict.passed() ? "passed " : "failed ") + verdict.meta().getEventId());
    context.forward(record.withValue(verdict));
  }
}
