package dev.mlpipe.drift.stats;

import dev.mlpipe.events.profile.FeatureProfiles;
import dev.mlpipe.schemas.DriftKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges one window of one model version against its training reference.
 *
 * <ul>
 *   <li>Data drift: each input feature is tested, numeric ones by the two-sample KS test over the
 *       reference's bin edges, categorical ones by χ², each at {@code significance / m} for m
 *       features (Bonferroni), and PSI is computed over the same bins. A feature drifts when its
 *       PSI reaches {@code psiDrift}, or when its test rejects and its PSI reaches {@code
 *       psiWarning}: on thousands of predictions a test alone also rejects differences too small to
 *       retrain for, so an effect size must back it. The window has data drift when at least {@code
 *       datasetDriftShare} of the tested features drift, a warning when fewer do or any reaches
 *       {@code psiWarning}.
 *   <li>Prediction drift: the output scores, judged like one numeric feature at {@code
 *       significance}.
 *   <li>Quality: per feature the missing rate against the training one plus a tolerance; numeric
 *       values outside the training [min, max]; categories training never saw. Any one beyond its
 *       threshold is a quality drift. A reference feature that no prediction of the window carries
 *       is not judged: it is a training column serving does not send.
 * </ul>
 *
 * Values outside the reference's outer bin edges count in the outer bins, as usual for PSI.
 */
public final class DriftEvaluator {

  /** The feature name under which the output score's statistics are reported. */
  public static final String PREDICTION = "prediction";

  private final DriftThresholds thresholds;

  public DriftEvaluator(DriftThresholds thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  /** The verdicts of {@code window} against {@code reference}. */
  public DriftAssessment evaluate(ModelReference reference, WindowProfile window) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(window, "window");
    if (window.sampleSize() < thresholds.minSampleSize()) {
      return new DriftAssessment(window.sampleSize(), List.of());
    }
    List<KindAssessment> kinds = new ArrayList<>();
    kinds.add(data(reference, window));
    reference
        .prediction()
        .filter(p -> window.prediction().count() > 0)
        .ifPresent(
            p -> {
              Outcome o = numeric(PREDICTION, p, window.prediction(), thresholds.significance());
              kinds.add(new KindAssessment(DriftKind.PREDICTION, o.severity, o.statistics));
            });
    kinds.add(quality(reference, window));
    return new DriftAssessment(window.sampleSize(), kinds);
  }

  private record Outcome(List<FeatureStatistic> statistics, Severity severity) {}

  private KindAssessment data(ModelReference reference, WindowProfile window) {
    List<FeatureReference> tested = new ArrayList<>();
    for (FeatureReference feature : reference.features()) {
      if (observed(feature, window) > 0) {
        tested.add(feature);
      }
    }
    double perTest = thresholds.significance() / Math.max(1, tested.size());
    List<FeatureStatistic> statistics = new ArrayList<>();
    int drifted = 0;
    int warned = 0;
    for (FeatureReference feature : tested) {
      Outcome o =
          feature instanceof NumericReference n
              ? numeric(n.name(), n, window.numeric(n.name()), perTest)
              : categorical(
                  (CategoricalReference) feature, window.categorical(feature.name()), perTest);
      statistics.addAll(o.statistics);
      if (o.severity == Severity.DRIFT) {
        drifted++;
      } else if (o.severity == Severity.WARNING) {
        warned++;
      }
    }
    Severity severity;
    if (!tested.isEmpty() && (double) drifted / tested.size() >= thresholds.datasetDriftShare()) {
      severity = Severity.DRIFT;
    } else if (drifted + warned > 0) {
      severity = Severity.WARNING;
    } else {
      severity = Severity.NONE;
    }
    return new KindAssessment(DriftKind.DATA, severity, statistics);
  }

  private static long observed(FeatureReference feature, WindowProfile window) {
    return feature instanceof NumericReference
        ? window.numeric(feature.name()).count()
        : window.categorical(feature.name()).total();
  }

  private Outcome numeric(
      String name, NumericReference reference, NumericSketch sketch, double alpha) {
    double[] edges = reference.binEdges();
    long[] counts = reference.binCounts();
    double refTotal = reference.binTotal();
    int bins = counts.length;
    double[] expected = new double[bins];
    double[] actual = new double[bins];
    double[] refCdf = new double[edges.length];
    double cumulative = 0;
    for (int i = 0; i < bins; i++) {
      expected[i] = counts[i];
      refCdf[i] = cumulative / refTotal;
      cumulative += counts[i];
    }
    refCdf[bins] = 1;
    double previous = 0;
    for (int i = 0; i < bins; i++) {
      double below = i == bins - 1 ? 1 : sketch.shareBelow(edges[i + 1]);
      actual[i] = Math.max(0, below - previous);
      previous = Math.max(previous, below);
    }
    List<FeatureStatistic> statistics = new ArrayList<>();
    boolean significant = false;
    if (bins >= 2) {
      double d = 0;
      for (int j = 1; j < bins; j++) {
        d = Math.max(d, Math.abs(refCdf[j] - sketch.shareBelow(edges[j])));
      }
      d = Math.min(1, d);
      double p = KolmogorovSmirnov.pValue(d, (long) refTotal, sketch.count());
      significant = p < alpha;
      statistics.add(new FeatureStatistic(name, "KS", d, p, alpha, significant));
    }
    double psi = PopulationStabilityIndex.of(expected, actual);
    statistics.add(psiStatistic(name, psi));
    return new Outcome(statistics, verdict(psi, significant));
  }

  private Outcome categorical(CategoricalReference reference, CategoryCounts window, double alpha) {
    String name = reference.name();
    List<Map.Entry<String, Long>> categories =
        new ArrayList<>(reference.categoryCounts().entrySet());
    categories.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    double refTotal = 0;
    long known = 0;
    for (Map.Entry<String, Long> category : categories) {
      refTotal += category.getValue();
      known += window.counts().getOrDefault(category.getKey(), 0L);
    }
    long unseen = window.total() - known;
    // A profile that keeps only its most frequent categories sums the rest under OTHER_CATEGORY:
    // live values it does not name belong there, not to "unseen".
    long attributedToOther =
        reference.categoryCounts().containsKey(FeatureProfiles.OTHER_CATEGORY) ? unseen : 0;
    known += attributedToOther;
    unseen -= attributedToOther;
    // Categories expected too rarely for χ² are pooled into one bucket.
    List<Double> expected = new ArrayList<>();
    List<Long> observed = new ArrayList<>();
    double pooledExpected = 0;
    long pooledObserved = 0;
    for (Map.Entry<String, Long> category : categories) {
      long o = window.counts().getOrDefault(category.getKey(), 0L);
      if (category.getKey().equals(FeatureProfiles.OTHER_CATEGORY)) {
        o += attributedToOther;
      }
      if (category.getValue() / refTotal * known >= thresholds.minExpectedCount()) {
        expected.add((double) category.getValue());
        observed.add(o);
      } else {
        pooledExpected += category.getValue();
        pooledObserved += o;
      }
    }
    if (pooledExpected > 0) {
      if (pooledExpected / refTotal * known >= thresholds.minExpectedCount()
          || expected.isEmpty()) {
        expected.add(pooledExpected);
        observed.add(pooledObserved);
      } else {
        int last = expected.size() - 1;
        expected.set(last, expected.get(last) + pooledExpected);
        observed.set(last, observed.get(last) + pooledObserved);
      }
    }
    List<FeatureStatistic> statistics = new ArrayList<>();
    boolean significant = false;
    if (expected.size() >= 2 && known > 0) {
      ChiSquare.Result chi2 =
          ChiSquare.test(
              expected.stream().mapToDouble(Double::doubleValue).toArray(),
              observed.stream().mapToLong(Long::longValue).toArray());
      significant = chi2.pValue() < alpha;
      statistics.add(
          new FeatureStatistic(name, "CHI2", chi2.statistic(), chi2.pValue(), alpha, significant));
    }
    // PSI over the same buckets plus one for categories training never saw.
    double[] psiExpected = new double[expected.size() + 1];
    double[] psiActual = new double[expected.size() + 1];
    for (int i = 0; i < expected.size(); i++) {
      psiExpected[i] = expected.get(i);
      psiActual[i] = observed.get(i);
    }
    psiActual[expected.size()] = unseen;
    double psi = PopulationStabilityIndex.of(psiExpected, psiActual);
    statistics.add(psiStatistic(name, psi));
    return new Outcome(statistics, verdict(psi, significant));
  }

  private FeatureStatistic psiStatistic(String name, double psi) {
    return new FeatureStatistic(
        name, "PSI", psi, null, thresholds.psiDrift(), psi >= thresholds.psiDrift());
  }

  private Severity verdict(double psi, boolean significant) {
    if (psi >= thresholds.psiDrift() || (significant && psi >= thresholds.psiWarning())) {
      return Severity.DRIFT;
    }
    return psi >= thresholds.psiWarning() ? Severity.WARNING : Severity.NONE;
  }

  private KindAssessment quality(ModelReference reference, WindowProfile window) {
    List<FeatureStatistic> statistics = new ArrayList<>();
    double samples = window.sampleSize();
    for (FeatureReference feature : reference.features()) {
      String name = feature.name();
      long present = observed(feature, window);
      if (present == 0) {
        // No prediction of the window carries it: not an input serving sends (the trainer
        // profiles training columns such as a recommender's item and rating label, which a
        // recommend request never has), so its "missing rate" of 1 would raise quality drift on
        // every window. The data-drift test leaves such features out the same way.
        continue;
      }
      double missingRate = (samples - present) / samples;
      double missingThreshold =
          Math.min(1, feature.missingRate() + thresholds.missingRateTolerance());
      statistics.add(
          new FeatureStatistic(
              name,
              "MISSING_RATE",
              missingRate,
              null,
              missingThreshold,
              missingRate > missingThreshold));
      if (feature instanceof NumericReference n) {
        if (Double.isFinite(n.min()) && Double.isFinite(n.max())) {
          NumericSketch sketch = window.numeric(name);
          double outside = Math.min(1, sketch.shareBelow(n.min()) + sketch.shareAbove(n.max()));
          statistics.add(
              new FeatureStatistic(
                  name,
                  "OUT_OF_RANGE",
                  outside,
                  null,
                  thresholds.outOfRangeShare(),
                  outside > thresholds.outOfRangeShare()));
        }
      } else if (feature instanceof CategoricalReference c) {
        CategoryCounts counts = window.categorical(name);
        long unseen = counts.overflow();
        for (Map.Entry<String, Long> entry : counts.counts().entrySet()) {
          if (!c.categoryCounts().containsKey(entry.getKey())) {
            unseen += entry.getValue();
          }
        }
        if (c.categoryCounts().containsKey(FeatureProfiles.OTHER_CATEGORY)) {
          unseen = 0; // the profile names only its most frequent categories; see OTHER_CATEGORY
        }
        double share = (double) unseen / counts.total();
        statistics.add(
            new FeatureStatistic(
                name,
                "UNSEEN_CATEGORIES",
                share,
                null,
                thresholds.unseenCategoryShare(),
                share > thresholds.unseenCategoryShare()));
      }
    }
    boolean any = statistics.stream().anyMatch(FeatureStatistic::drifted);
    return new KindAssessment(DriftKind.QUALITY, any ? Severity.DRIFT : Severity.NONE, statistics);
  }
}
