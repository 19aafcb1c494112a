package dev.mlpipe.console.models;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model figures of the pipeline's events as Micrometer meters, so Prometheus has them without
 * the trainer and the gatekeeper exporting them: {@value #TRAINING_DURATION} (a timer per model,
 * from each TrainingFinished's training time) and {@value #VALIDATION_METRIC} (a gauge per model,
 * version and gate check with the candidate's value; {@value #VERSIONS_KEPT} newest versions per
 * model, older ones removed so the series stay bounded), and {@value #VALIDATION_PASSED} (1 or 0
 * per model and version).
 */
public final class ModelMeters {

  /** Timer: how long each training of a model took. */
  public static final String TRAINING_DURATION = "mlpipe.model.training.duration";

  /** Gauge: a gate check's candidate value of a version. */
  public static final String VALIDATION_METRIC = "mlpipe.model.validation.metric";

  /** Gauge: 1 when a version passed the gate, else 0. */
  public static final String VALIDATION_PASSED = "mlpipe.model.validation.passed";

  /** Versions per model whose validation gauges are kept. */
  public static final int VERSIONS_KEPT = 10;

  private final MeterRegistry registry;
  private final Map<String, Deque<String>> versionsByModel = new HashMap<>();
  private final Map<String, List<Meter.Id>> metersByVersion = new HashMap<>();
  private final Map<Meter.Id, AtomicLong> values = new HashMap<>();

  public ModelMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Takes one event; events without model figures change nothing. */
  public synchronized void record(PipelineEvent event) {
    if (event.value() instanceof TrainingFinished t) {
      Timer.builder(TRAINING_DURATION)
          .description("Training time of a model's candidates, from TrainingFinished")
          .tag("model", t.getModel())
          .register(registry)
          .record(Duration.ofMillis(Math.max(0, t.getTrainingMillis())));
    } else if (event.value() instanceof ValidationPassed v) {
      validated(v.getModel(), v.getVersion(), v.getReport(), true);
    } else if (event.value() instanceof ValidationFailed v) {
      validated(v.getModel(), v.getVersion(), v.getReport(), false);
    }
  }

  private void validated(String model, String version, ValidationReport report, boolean passed) {
    String key = model + "\u0000" + version;
    forget(key);
    Deque<String> versions = versionsByModel.computeIfAbsent(model, m -> new ArrayDeque<>());
    versions.remove(version);
    versions.addLast(version);
    while (versions.size() > VERSIONS_KEPT) {
      forget(model + "\u0000" + versions.removeFirst());
    }
    List<Meter.Id> ids = new ArrayList<>();
    Tags tags = Tags.of("model", model, "version", version);
    ids.add(gauge(VALIDATION_PASSED, tags, passed ? 1 : 0, "1 when the version passed the gate"));
    for (GateCheck check : report.getChecks()) {
      if (check.getCandidateValue() != null) {
        ids.add(
            gauge(
                VALIDATION_METRIC,
                tags.and("check", check.getName(), "metric", check.getMetric()),
                check.getCandidateValue(),
                "A gate check's value of the candidate version"));
      }
    }
    metersByVersion.put(key, ids);
  }

  private Meter.Id gauge(String name, Tags tags, double value, String description) {
    AtomicLong bits = new AtomicLong(Double.doubleToLongBits(value));
    Gauge gauge =
        Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
            .description(description)
            .tags(tags)
            .register(registry);
    // A gauge registered again keeps its first state object: update the one it reads.
    values.computeIfAbsent(gauge.getId(), id -> bits).set(Double.doubleToLongBits(value));
    return gauge.getId();
  }

  private void forget(String key) {
    List<Meter.Id> ids = metersByVersion.remove(key);
    if (ids != null) {
      for (Meter.Id id : ids) {
        registry.remove(id);
        values.remove(id);
      }
    }
  }
}
