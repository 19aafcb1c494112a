package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each candidate once, against the champion in the champion store. The verdicts store (model
 * and version to the verdict's outcome, eventId and issue time) is written in the same Streams
 * transaction as the verdict, so a TrainingFinished seen again, whether re-delivered after a crash
 * or published twice, yields no second verdict. Entries older than the retention are swept by a
 * wall-clock punctuator so the store does not grow with every candidate ever judged; a copy of a
 * TrainingFinished arriving later than that would be judged again.
 */
final class JudgeProcessor implements Processor<String, TrainingFinished, String, Verdict> {

  private static final Logger LOG = LoggerFactory.getLogger(JudgeProcessor.class);

  private final Gate gate;
  private final Duration retention;
  private ProcessorContext<String, Verdict> context;
  private KeyValueStore<String, String> issued;
  private KeyValueStore<String, ModelDeployed> champions;

  JudgeProcessor(Gate gate, Duration retention) {
    this.gate = gate;
    this.retention = retention;
  }

  /** How often the sweep runs: a tenth of the retention, between a second and an hour. */
  static Duration sweepInterval(Duration retention) {
    Duration tenth = retention.dividedBy(10);
    Duration atLeast = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    return atLeast.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : atLeast;
  }

  @Override
  public void init(ProcessorContext<String, Verdict> context) {
    this.context = context;
    this.issued = context.getStateStore(GatekeeperTopology.VERDICTS_STORE);
    this.champions = context.getStateStore(GatekeeperTopology.CHAMPIONS_STORE);
    context.schedule(sweepInterval(retention), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, TrainingFinished> record) {
    TrainingFinished finished = record.value();
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
    Optional<ModelDeployed> champion = Optional.ofNullable(champions.get(finished.getModel()));
    Verdict verdict = gate.judge(finished, champion.map(Gate::championOf));
    issued.put(
        candidateKey,
        new IssuedVerdict(
                verdict.passed() ? "passed" : "failed",
                verdict.meta().getEventId(),
                OptionalLong.of(context.currentSystemTimeMs()))
            .encode());
    context.forward(record.withValue(verdict));
  }

  /** Forgets verdicts issued longer ago than the retention; dates entries that have no time. */
  void sweep(long now) {
    List<String> expired = new ArrayList<>();
    List<KeyValue<String, String>> undated = new ArrayList<>();
    try (KeyValueIterator<String, String> all = issued.all()) {
      while (all.hasNext()) {
        KeyValue<String, String> entry = all.next();
        IssuedVerdict verdict = IssuedVerdict.decode(entry.value);
        if (verdict.issuedAtMillis().isEmpty()) {
          undated.add(KeyValue.pair(entry.key, verdict.issuedAt(now).encode()));
        } else if (now - verdict.issuedAtMillis().getAsLong() > retention.toMillis()) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(issued::delete);
    issued.putAll(undated);
    if (!expired.isEmpty()) {
      LOG.info(
          "forgot {} verdicts issued more than {} ago (verdict retention)",
          expired.size(),
          retention);
    }
  }
}
