package dev.mlpipe.bench;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.CategoricalReference;
import dev.mlpipe.drift.stats.DriftAssessment;
import dev.mlpipe.drift.stats.DriftEvaluator;
import dev.mlpipe.drift.stats.FeatureReference;
import dev.mlpipe.drift.stats.FeatureStatistic;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.stats.NumericReference;
import dev.mlpipe.drift.stats.Severity;
import dev.mlpipe.drift.stats.WindowProfile;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.trainer.run.ReferenceProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.TreeMap;

/**
 * The drift monitor's verdicts, without Kafka: the drift monitor's own statistics ({@link
 * DriftEvaluator} with the shipped thresholds over {@link WindowProfile} sketches) on windows drawn
 * from a known reference, with and without a shift. Figures: the false-alarm rate over at least
 * 1,000 windows without drift, the share of windows in which a shift with PSI >= 0.25 is detected,
 * and the share of shifts detected within one window of their start.
 */
public final class DriftStatisticsBench implements Benchmark {

  private static final String[] NUMERIC = {"amount", "sessionMinutes", "age"};
  private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "BR", "IN", "JP", "NL"};
  private static final int REFERENCE_ROWS = 100_000;
  private static final double TARGET_PSI = 0.25;

  @Override
  public String name() {
    return "drift-statistics";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) {
    int window = options.quick() ? 1_000 : 5_000;
    int calmWindows = options.quick() ? 1_000 : 2_000;
    int shiftedWindows = options.quick() ? 300 : 1_000;
    int onsets = options.quick() ? 100 : 300;
    DriftMonitorSettings settings = DriftMonitorSettings.DEFAULTS;
    DriftEvaluator evaluator = new DriftEvaluator(settings.thresholds().toThresholds());
    Random random = new Random(20261123);
    ModelReference reference = reference(random);
    double shift = shiftFor(reference, TARGET_PSI, random);

    int falseAlarms = 0;
    int warnings = 0;
    for (int w = 0; w < calmWindows; w++) {
      WindowProfile profile = new WindowProfile(settings.sketchK(), settings.categoryCapacity());
      fill(profile, window, 0, random);
      DriftAssessment a = evaluator.evaluate(reference, profile);
      if (a.raised().stream().anyMatch(k -> k.severity() == Severity.DRIFT)) {
        falseAlarms++;
      } else if (!a.raised().isEmpty()) {
        warnings++;
      }
    }

    int detected = 0;
    List<Double> psi = new ArrayList<>();
    for (int w = 0; w < shiftedWindows; w++) {
      WindowProfile profile = new WindowProfile(settings.sketchK(), settings.categoryCapacity());
      fill(profile, window, shift, random);
      DriftAssessment a = evaluator.evaluate(reference, profile);
      if (isDataDrift(a)) {
        detected++;
      }
      for (KindAssessment k : a.kinds()) {
        for (FeatureStatistic s : k.statistics()) {
          if (k.kind() == DriftKind.DATA && s.statistic().equals("PSI")) {
            psi.add(s.value());
          }
        }
      }
    }

    // A shift starting at a random point of a window: detected in that window or the next one.
    int withinOne = 0;
    for (int t = 0; t < onsets; t++) {
      int onset = random.nextInt(window);
      WindowProfile first = new WindowProfile(settings.sketchK(), settings.categoryCapacity());
      fill(first, onset, 0, random);
      fill(first, window - onset, shift, random);
      boolean found = isDataDrift(evaluator.evaluate(reference, first));
      if (!found) {
        WindowProfile next = new WindowProfile(settings.sketchK(), settings.categoryCapacity());
        fill(next, window, shift, random);
        found = isDataDrift(evaluator.evaluate(reference, next));
      }
      if (found) {
        withinOne++;
      }
    }

    double falseAlarmRate = 100.0 * falseAlarms / calmWindows;
    double detectionRate = 100.0 * detected / shiftedWindows;
    double withinOneRate = 100.0 * withinOne / onsets;
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "reference: %,d rows of 3 numeric features (normal, lognormal, uniform) profiled"
                    + " as the trainer profiles them (10 equal-width bins) and 1 categorical (8"
                    + " countries, uneven); windows of %,d predictions from the same generator;"
                    + " DriftEvaluator with config/base.yaml's thresholds (PSI 0.1/0.2, KS and"
                    + " chi-square at 0.05 with Bonferroni, dataset drift at 50 %% of features)",
                REFERENCE_ROWS,
                window),
            String.format(
                Locale.ROOT,
                "false alarms: %d of %,d no-drift windows raised DRIFT of any kind (%.2f %%; goal"
                    + " <= 1 %%: %s); %d more raised only a WARNING",
                falseAlarms,
                calmWindows,
                falseAlarmRate,
                falseAlarmRate <= 1.0 ? "met" : "NOT met",
                warnings),
            String.format(
                Locale.ROOT,
                "shift: every numeric feature moved by %.2f of its standard deviation, the"
                    + " smallest step of 0.05 whose PSI on 100k rows is >= %.2f; measured PSI per"
                    + " feature and window: median %.3f; detected as data DRIFT in %d of %,d"
                    + " windows (%.1f %%; goal >= 95 %%: %s)",
                shift,
                TARGET_PSI,
                psi.isEmpty() ? Double.NaN : Stats.median(psi),
                detected,
                shiftedWindows,
                detectionRate,
                detectionRate >= 95 ? "met" : "NOT met"),
            String.format(
                Locale.ROOT,
                "onset: %d shifts starting at a random prediction of a window; detected in that"
                    + " window or the next in %d (%.1f %%; goal: within one window)",
                onsets,
                withinOne,
                withinOneRate));
    return List.of(
        alone(
            "drift-false-alarm-rate",
            "drift: false alarms per no-drift window",
            falseAlarmRate,
            notes,
            run,
            BenchResult.Direction.LOWER_IS_BETTER),
        alone(
            "drift-detection-rate",
            "drift: windows detecting a PSI >= 0.25 shift",
            detectionRate,
            notes,
            run,
            BenchResult.Direction.HIGHER_IS_BETTER),
        alone(
            "drift-detection-within-one-window",
            "drift: shifts detected within one window of their start",
            withinOneRate,
            notes,
            run,
            BenchResult.Direction.HIGHER_IS_BETTER));
  }

  private static BenchResult alone(
      String id,
      String figure,
      double percent,
      List<String> notes,
      RunInfo run,
      BenchResult.Direction direction) {
    return new BenchResult(
        id,
        figure,
        percent,
        "%",
        List.of(percent),
        Optional.empty(),
        OptionalDouble.empty(),
        direction,
        notes,
        run);
  }

  private static boolean isDataDrift(DriftAssessment a) {
    return a.raised().stream()
        .anyMatch(k -> k.kind() == DriftKind.DATA && k.severity() == Severity.DRIFT);
  }

  /** One generator, shifted by {@code shift} standard deviations on every numeric feature. */
  private static double[] numeric(Random random, double shift) {
    double normal = random.nextGaussian() + shift;
    // lognormal(0, 0.5): sd ~0.6; uniform(0, 1): sd ~0.289.
    double lognormal = Math.exp(0.5 * random.nextGaussian()) + shift * 0.604;
    double uniform = random.nextDouble() + shift * 0.2887;
    return new double[] {normal, lognormal, uniform};
  }

  private static String country(Random random) {
    // Uneven: DE 30 %, FR 20 %, then the rest.
    double u = random.nextDouble();
    if (u < 0.3) {
      return COUNTRIES[0];
    }
    if (u < 0.5) {
      return COUNTRIES[1];
    }
    return COUNTRIES[2 + random.nextInt(COUNTRIES.length - 2)];
  }

  private static void fill(WindowProfile profile, int rows, double shift, Random random) {
    Map<String, Double> numeric = new LinkedHashMap<>();
    Map<String, String> categorical = new LinkedHashMap<>();
    for (int i = 0; i < rows; i++) {
      double[] v = numeric(random, shift);
      for (int f = 0; f < NUMERIC.length; f++) {
        numeric.put(NUMERIC[f], v[f]);
      }
      categorical.put("country", country(random));
      profile.add(numeric, categorical, null);
    }
  }

  private static ModelReference reference(Random random) {
    double[][] columns = new double[NUMERIC.length][REFERENCE_ROWS];
    Map<String, Long> countries = new TreeMap<>();
    for (int i = 0; i < REFERENCE_ROWS; i++) {
      double[] v = numeric(random, 0);
      for (int f = 0; f < NUMERIC.length; f++) {
        columns[f][i] = v[f];
      }
      countries.merge(country(random), 1L, Long::sum);
    }
    List<FeatureReference> features = new ArrayList<>();
    for (int f = 0; f < NUMERIC.length; f++) {
      features.add(toReference(ReferenceProfiles.numeric(NUMERIC[f], columns[f], 10)));
    }
    features.add(new CategoricalReference("country", REFERENCE_ROWS, 0, countries));
    return new ModelReference(features, Optional.empty());
  }

  private static NumericReference toReference(FeatureProfile p) {
    return new NumericReference(
        p.getName().toString(),
        p.getCount(),
        p.getMissingCount(),
        p.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
        p.getBinCounts().stream().mapToLong(Long::longValue).toArray(),
        p.getMin(),
        p.getMax());
  }

  /** The smallest shift (steps of 0.05 sd) whose PSI is >= target on every numeric feature. */
  private static double shiftFor(ModelReference reference, double target, Random random) {
    for (double shift = 0.05; shift < 3; shift += 0.05) {
      double[][] columns = new double[NUMERIC.length][REFERENCE_ROWS];
      for (int i = 0; i < REFERENCE_ROWS; i++) {
        double[] v = numeric(random, shift);
        for (int f = 0; f < NUMERIC.length; f++) {
          columns[f][i] = v[f];
        }
      }
      boolean all = true;
      for (int f = 0; f < NUMERIC.length; f++) {
        NumericReference r = (NumericReference) reference.features().get(f);
        if (psi(r, columns[f]) < target) {
          all = false;
        }
      }
      if (all) {
        return Math.round(shift * 100) / 100.0;
      }
    }
    throw new IllegalStateException("no shift below 3 sd reaches PSI " + target);
  }

  /** PSI over the reference's bins, values outside them in the outer bins, 1e-4 floor. */
  private static double psi(NumericReference r, double[] values) {
    double[] edges = r.binEdges();
    long[] counts = r.binCounts();
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] live = new double[counts.length];
    for (double v : values) {
      int b = 0;
      while (b < counts.length - 1 && v >= edges[b + 1]) {
        b++;
      }
      live[b]++;
    }
    double sum = 0;
    for (int b = 0; b < counts.length; b++) {
      double e = Math.max(1e-4, counts[b] / (double) total);
      double a = Math.max(1e-4, live[b] / values.length);
      sum += (a - e) * Math.log(a / e);
    }
    return sum;
  }
}
