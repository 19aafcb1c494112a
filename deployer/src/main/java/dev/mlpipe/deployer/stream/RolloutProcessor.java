package dev.mlpipe.deployer.stream;

import dev.mlpipe.deployer.rollout.Decision;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutState;
import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Feeds validations and commands of a model to the {@link RolloutController} and, on a wall-clock
 * punctuation, the due canary checks; stores the state it returns and forwards its events to the
 * sink of their topic.
 */
final class RolloutProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(RolloutProcessor.class);

  private final RolloutController controller;
  private final ArtifactCheck check;
  private final WindowTracker windows;
  private final Clock clock;
  private final Duration tick;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, byte[]> store;

  RolloutProcessor(
      RolloutController controller,
      ArtifactCheck check,
      WindowTracker windows,
      Clock clock,
      Duration tick) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.check = Objects.requireNonNull(check, "check");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tick = Objects.requireNonNull(tick, "tick");
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(RolloutTopology.STORE);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> checkDueCanaries());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (value instanceof ValidationPassed event) {
      String model = event.getModel();
      MDC.put("runId", event.getMeta().getRunId());
      try {
        Verification verification = check.verify(event);
        apply(model, controller.onValidationPassed(load(model), event, verification));
      } finally {
        MDC.remove("runId");
      }
    } else if (value instanceof PipelineCommand command) {
      apply(command.getModel(), controller.onCommand(load(command.getModel()), command));
    }
  }

  private void checkDueCanaries() {
    List<KeyValue<String, RolloutState>> due = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        RolloutState state = RolloutStateSerde.fromBytes(entry.value);
        if (state.isCheckDue(clock.millis())) {
          due.add(KeyValue.pair(entry.key, state));
        }
      }
    }
    for (KeyValue<String, RolloutState> entry : due) {
      RolloutState state = entry.value;
      String model = entry.key;
      long since = state.active().servingSinceMillis();
      WindowStats canary = windows.window(model, state.active().version(), since);
      WindowStats stable = windows.window(model, state.active().stableVersion(), since);
      apply(model, controller.onCheck(state, canary, stable));
    }
  }

  private RolloutState load(String model) {
    byte[] bytes = store.get(model);
    return bytes == null ? RolloutState.empty(model) : RolloutStateSerde.fromBytes(bytes);
  }

  private void apply(String model, Decision decision) {
    store.put(model, RolloutStateSerde.toBytes(decision.state()));
    long now = clock.millis();
    for (SpecificRecord event : decision.events()) {
      context.forward(new Record<>(model, event, now), sinkOf(event));
    }
    log.info("model {}: {} ({} events)", model, decision.note(), decision.events().size());
  }

  private static String sinkOf(SpecificRecord event) {
    if (event instanceof ModelDeployed) {
      return RolloutTopology.MODEL_DEPLOYED_SINK;
    } else if (event instanceof RolledBack) {
      return RolloutTopology.ROLLED_BACK_SINK;
    } else if (event instanceof DeploymentFailed) {
      return RolloutTopology.DEPLOYMENT_FAILED_SINK;
    }
    throw new IllegalArgumentException("the rollout publishes no " + event.getSchema().getName());
  }
}
