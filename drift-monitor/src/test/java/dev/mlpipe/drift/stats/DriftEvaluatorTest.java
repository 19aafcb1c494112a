package dev.mlpipe.drift.stats;

import static dev.mlpipe.drift.stats.KolmogorovSmirnovTest.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.events.profile.FeatureProfiles;
import dev.mlpipe.schemas.DriftKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

  private static final String[] COUNTRIES = {"NZ", "AU", "DE", "FR", "US"};
  private static final double[] COUNTRY_WEIGHTS = {0.1, 0.2, 0.2, 0.2, 0.3};

  private final DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.DEFAULTS);
  private final ModelReference reference = reference(new Random(42));

  private static ModelReference reference(Random random) {
    String[] countries = new String[50_000];
    for (int i = 0; i < countries.length; i++) {
      countries[i] = country(random, COUNTRY_WEIGHTS);
    }
    return new ModelReference(
        List.of(
            References.numeric("age", normal(random, 50_000, 40, 10), 10),
            References.numeric("income", normal(random, 50_000, 3, 1), 10),
            References.categorical("country", countries)),
        Optional.of(References.numeric("prediction", normal(random, 50_000, 3.5, 0.8), 10)));
  }

  private static String country(Random random, double[] weights) {
    double u = random.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return COUNTRIES[i];
      }
    }
    return COUNTRIES[COUNTRIES.length - 1];
  }

  /** A window of {@code n} predictions; the shifts move a feature's mean by that many sigmas. */
  private static WindowProfile window(
      Random random,
      int n,
      double ageShift,
      double incomeShift,
      double[] countryWeights,
      double predictionShift) {
    WindowProfile window = new WindowProfile(NumericSketch.DEFAULT_K, 1_000);
    for (int i = 0; i < n; i++) {
      Map<String, Double> numeric = new HashMap<>();
      numeric.put("age", 40 + 10 * (random.nextGaussian() + ageShift));
      numeric.put("income", 3 + random.nextGaussian() + incomeShift);
      window.add(
          numeric,
          Map.of("country", country(random, countryWeights)),
          3.5 + 0.8 * (random.nextGaussian() + predictionShift));
    }
    return window;
  }

  @Test
  void shouldRaiseNothingWhenTheWindowFollowsTheReference() {
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(1), 5_000, 0, 0, COUNTRY_WEIGHTS, 0));

    assertThat(assessment.raised()).isEmpty();
    assertThat(assessment.kinds())
        .extracting(KindAssessment::kind)
        .containsExactly(DriftKind.DATA, DriftKind.PREDICTION, DriftKind.QUALITY);
  }

  @Test
  void shouldCountValuesAProfileDoesNotNameUnderItsOtherCategoryNotAsUnseen() {
    // Like the trainer's user profile: the 3 most frequent users by name, the other 997 summed.
    Map<String, Long> users = new HashMap<>();
    users.put("1", 300L);
    users.put("2", 200L);
    users.put("3", 100L);
    users.put(FeatureProfiles.OTHER_CATEGORY, 400L);
    ModelReference profile =
        new ModelReference(
            List.of(new CategoricalReference("user", 1_000, 0, users)), Optional.empty());
    Random random = new Random(9);
    WindowProfile window = new WindowProfile(NumericSketch.DEFAULT_K, 1_000);
    for (int i = 0; i < 5_000; i++) {
      double u = random.nextDouble();
      String user = u < 0.3 ? "1" : u < 0.5 ? "2" : u < 0.6 ? "3" : String.valueOf(4 + i % 997);
      window.add(Map.of(), Map.of("user", user), 3.5);
    }

    DriftAssessment assessment = evaluator.evaluate(profile, window);

    assertThat(assessment.raised()).isEmpty();
    assertThat(statistic(kind(assessment, DriftKind.QUALITY), "user", "UNSEEN_CATEGORIES").value())
        .isZero();
  }

  @Test
  void shouldRaiseDataDriftWithKsAndPsiPerFeatureWhenMostFeaturesShift() {
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(2), 5_000, 0.6, 0.6, COUNTRY_WEIGHTS, 0));

    KindAssessment data = kind(assessment, DriftKind.DATA);
    assertThat(data.severity()).isEqualTo(Severity.DRIFT);
    FeatureStatistic ks = statistic(data, "age", "KS");
    assertThat(ks.drifted()).isTrue();
    assertThat(ks.pValue()).isLessThan(1e-10);
    assertThat(ks.threshold()).as("Bonferroni over 3 features").isCloseTo(0.05 / 3, within(1e-12));
    assertThat(statistic(data, "income", "PSI").value()).isGreaterThan(0.2);
    assertThat(statistic(data, "country", "CHI2").drifted()).isFalse();
    assertThat(kind(assessment, DriftKind.PREDICTION).severity()).isEqualTo(Severity.NONE);
  }

  @Test
  void shouldOnlyWarnWhenFewerThanHalfTheFeaturesDrift() {
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(3), 5_000, 0.8, 0, COUNTRY_WEIGHTS, 0));

    assertThat(kind(assessment, DriftKind.DATA).severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void shouldDetectACategoricalShiftByChiSquare() {
    double[] shifted = {0.4, 0.1, 0.1, 0.1, 0.3};
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(4), 5_000, 0, 0, shifted, 0));

    KindAssessment data = kind(assessment, DriftKind.DATA);
    FeatureStatistic chi2 = statistic(data, "country", "CHI2");
    assertThat(chi2.drifted()).isTrue();
    assertThat(chi2.pValue()).isLessThan(chi2.threshold());
    assertThat(statistic(data, "country", "PSI").value()).isGreaterThan(0.2);
    assertThat(statistic(data, "age", "KS").drifted()).isFalse();
  }

  @Test
  void shouldRaisePredictionDriftWhenOnlyTheScoresMove() {
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(5), 5_000, 0, 0, COUNTRY_WEIGHTS, -0.7));

    assertThat(kind(assessment, DriftKind.PREDICTION).severity()).isEqualTo(Severity.DRIFT);
    assertThat(kind(assessment, DriftKind.DATA).severity()).isEqualTo(Severity.NONE);
  }

  @Test
  void shouldRaiseQualityDriftForMissingValuesOutOfRangeValuesAndUnseenCategories() {
    WindowProfile window = new WindowProfile(NumericSketch.DEFAULT_K, 1_000);
    Random random = new Random(6);
    for (int i = 0; i < 1_000; i++) {
      Map<String, Double> numeric = new HashMap<>();
      if (i % 5 != 0) {
        numeric.put("age", 40 + 10 * random.nextGaussian());
      }
      numeric.put("income", i % 10 == 0 ? 1_000.0 : 3 + random.nextGaussian());
      window.add(
          numeric, Map.of("country", i % 10 == 1 ? "XX" : country(random, COUNTRY_WEIGHTS)), 3.5);
    }

    KindAssessment quality = kind(evaluator.evaluate(reference, window), DriftKind.QUALITY);

    assertThat(quality.severity()).isEqualTo(Severity.DRIFT);
    assertThat(statistic(quality, "age", "MISSING_RATE").value()).isCloseTo(0.2, within(1e-12));
    assertThat(statistic(quality, "age", "MISSING_RATE").drifted()).isTrue();
    assertThat(statistic(quality, "income", "OUT_OF_RANGE").value()).isCloseTo(0.1, within(0.01));
    assertThat(statistic(quality, "country", "UNSEEN_CATEGORIES").value())
        .isCloseTo(0.1, within(1e-12));
  }

  @Test
  void shouldNotJudgeAWindowSmallerThanTheMinimumSampleSize() {
    DriftAssessment assessment =
        evaluator.evaluate(reference, window(new Random(7), 99, 3, 3, COUNTRY_WEIGHTS, 3));

    assertThat(assessment.kinds()).isEmpty();
    assertThat(assessment.sampleSize()).isEqualTo(99);
  }

  @Test
  void shouldRaiseDataDriftInAtMostOneOfTwoHundredWindowsWithoutDrift() {
    Random random = new Random(8);
    int alarms = 0;
    for (int i = 0; i < 200; i++) {
      DriftAssessment assessment =
          evaluator.evaluate(reference, window(random, 1_000, 0, 0, COUNTRY_WEIGHTS, 0));
      if (kind(assessment, DriftKind.DATA).severity() == Severity.DRIFT) {
        alarms++;
      }
    }
    assertThat(alarms).isLessThanOrEqualTo(1);
  }

  private static KindAssessment kind(DriftAssessment assessment, DriftKind kind) {
    return assessment.kinds().stream().filter(k -> k.kind() == kind).findFirst().orElseThrow();
  }

  private static FeatureStatistic statistic(KindAssessment kind, String feature, String name) {
    return kind.statistics().stream()
        .filter(s -> s.feature().equals(feature) && s.statistic().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " of " + feature + " in " + kind));
  }

  @Test
  void shouldNotRaiseQualityDriftForATrainingColumnThatNoPredictionCarries() {
    // A recommender's reference profiles user, item and rating; its requests carry only the user.
    ModelReference withLabel =
        new ModelReference(
            List.of(
                reference.features().get(2),
                References.numeric("rating", normal(new Random(3), 50_000, 3.5, 1), 10)),
            Optional.empty());
    WindowProfile window = new WindowProfile(NumericSketch.DEFAULT_K, 1_000);
    Random random = new Random(4);
    for (int i = 0; i < 1_000; i++) {
      window.add(Map.of(), Map.of("country", country(random, COUNTRY_WEIGHTS)), null);
    }

    DriftAssessment assessment = evaluator.evaluate(withLabel, window);

    assertThat(assessment.raised()).isEmpty();
    assertThat(kind(assessment, DriftKind.QUALITY).statistics())
        .extracting(FeatureStatistic::feature)
        .containsOnly("country");
  }
}
