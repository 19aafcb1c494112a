package dev.mlpipe.trainer.run;

import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.DataException;
import dev.mlpipe.models.data.LoadedRatings;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.RatingsLoader;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.eval.Latency;
import dev.mlpipe.models.eval.LatencyProbe;
import dev.mlpipe.models.eval.Metric;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.trainer.recipe.Dl4jMatrixFactorization;
import dev.mlpipe.trainer.recipe.Dl4jMfConfig;
import dev.mlpipe.trainer.recipe.EpochProgress;
import dev.mlpipe.trainer.recipe.SgdMatrixFactorization;
import dev.mlpipe.trainer.recipe.SgdMfConfig;
import dev.mlpipe.trainer.recipe.TrainingDivergedException;
import dev.mlpipe.trainer.spec.CandidateSpec;
import dev.mlpipe.trainer.spec.DataSourceSpec;
import dev.mlpipe.trainer.spec.Recipe;
import dev.mlpipe.trainer.spec.TrainingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, from a validated spec to a stored model: load or generate the data, split it,
 * store the holdout, train and evaluate every candidate, choose the best by the primary metric,
 * store its artifact. Every expected problem ends in a {@link TrainingOutcome.Failed} whose reason
 * says what to change; only an interrupt (the stage is closing) escapes, as {@link
 * InterruptedException}.
 *
 * <p>The artifact's bytes depend only on the data, the spec, the seed and the request (the model
 * card holds the holdout quality metrics, which are deterministic, but not latency or timings), so
 * a run repeated after a crash stores the very same file.
 */
public final class TrainingRun {

  /** Recipes this trainer can train; the others are refused before any data is read. */
  public static final Set<Recipe> AVAILABLE =
      EnumSet.of(
          Recipe.RECOMMENDER_SGD_MF,
          Recipe.RECOMMENDER_MF,
          Recipe.CLASSIFIER_MLP,
          Recipe.REGRESSOR_MLP);

  /** The artifact's size in TrainingFinished's metrics. */
  public static final String SIZE_BYTES = "size_bytes";

  /** The chosen candidate's training time in TrainingFinished's metrics. */
  public static final String TRAINING_SECONDS = "training_seconds";

  /** Timed predictions per candidate for the latency percentiles. */
  public static final int LATENCY_CALLS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final ArtifactStore store;
  private final Clock clock;
  private final Duration timeLimit;

  /**
   * @param store where the artifact and the holdout go
   * @param clock measures durations and the time limit
   * @param timeLimit the longest a run may take; checked between epochs and phases
   */
  public TrainingRun(ArtifactStore store, Clock clock, Duration timeLimit) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
    }
  }

  /** When a run started now reaches the time limit. */
  public Instant deadlineFromNow() {
    return clock.instant().plus(timeLimit);
  }

  /** Runs the request; returns how it ended. */
  public TrainingOutcome run(RunRequest request, RunObserver observer) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(observer, "observer");
    Instant deadline = deadlineFromNow();
    if (request.deadline().isPresent() && request.deadline().get().isBefore(deadline)) {
      deadline = request.deadline().get();
    }
    TrainingSpec spec = request.spec();

    Optional<TrainingOutcome.Failed> unavailable = unavailableRecipe(spec);
    if (unavailable.isPresent()) {
      return unavailable.get();
    }
    if (spec.data().isTabular()) {
      return new TabularTraining(store, clock, timeLimit).run(request, observer, deadline);
    }

    RatingTable table;
    try {
      table = load(spec.data(), request.files());
    } catch (DataException e) {
      return TrainingOutcome.Failed.of(FailurePhase.DATA, e.getMessage(), e);
    } catch (IOException e) {
      return TrainingOutcome.Failed.of(
          FailurePhase.DATA,
          "reading the data failed: " + e + "; check data.file in mlpipe.yaml",
          e);
    }
    Split split =
        switch (spec.split().kind()) {
          case RANDOM -> Splits.random(table, spec.split().holdoutFraction(), spec.split().seed());
          case TIME -> Splits.byTime(table, spec.split().holdoutFraction());
        };
    if (split.train().size() == 0 || split.holdout().size() == 0) {
      return TrainingOutcome.Failed.of(
          FailurePhase.DATA,
          "split.holdout "
              + spec.split().holdoutFraction()
              + " of "
              + table.size()
              + " rows left "
              + split.train().size()
              + " training and "
              + split.holdout().size()
              + " holdout rows; both need at least one: use more data or another holdout share");
    }
    // A retrain's live feedback joins the training rows only: the holdout stays the one the
    // deployed version was judged on, so the gate compares candidate and champion on the same rows.
    RatingTable train = FeedbackRows.appended(split.train(), request.feedback());
    String dataHash = FeedbackRows.appended(table, request.feedback()).sha256();
    String evalSplitHash = split.holdoutSha256();
    observer.onData(train.size(), split.holdout().size(), dataHash);
    try {
      StoredArtifact holdout = store.put(split.holdout().toCanonicalBytes());
      if (!holdout.sha256().equals(evalSplitHash)) {
        throw new IllegalStateException(
            "the holdout's canonical bytes hash to "
                + holdout.sha256()
                + " but its rows to "
                + evalSplitHash);
      }
    } catch (ArtifactException e) {
      return storeFailure("the holdout", e);
    }
    // The top-10 metrics leave out the items each user rated in training: the gate needs these
    // rows to re-compute them rather than trust them.
    String trainSplitHash;
    try {
      trainSplitHash = store.put(train.toCanonicalBytes()).sha256();
    } catch (ArtifactException e) {
      return storeFailure("the training split", e);
    }

    List<CandidateReport> reports = new ArrayList<>();
    List<FactorModel> models = new ArrayList<>();
    long trainingMillis = 0;
    long evaluationMillis = 0;
    List<CandidateSpec> candidates = spec.candidates();
    for (int k = 0; k < candidates.size(); k++) {
      CandidateSpec candidate = candidates.get(k);
      observer.onCandidateStarted(candidate.name(), candidate.recipe().id(), k, candidates.size());
      Instant started = clock.instant();
      FactorModel model;
      try {
        model = train(candidate, spec.seed(), train, observer, deadline);
      } catch (TrainingDivergedException e) {
        return TrainingOutcome.Failed.of(
            FailurePhase.TRAINING, "candidate " + candidate.name() + ": " + e.getMessage(), e);
      } catch (TimeLimitReached e) {
        return TrainingOutcome.Failed.of(
            FailurePhase.TRAINING,
            "candidate "
                + candidate.name()
                + " was still training when the run reached the trainer's time limit of "
                + timeLimit
                + " ("
                + e.getMessage()
                + "); lower epochs or raise trainer.max-training-minutes");
      }
      long tookTraining = Duration.between(started, clock.instant()).toMillis();
      trainingMillis += tookTraining;

      Instant evaluating = clock.instant();
      Map<String, Double> metrics =
          new LinkedHashMap<>(RecommenderEvaluator.evaluate(model, train, split.holdout()).asMap());
      Latency latency = LatencyProbe.measure(model, split.holdout(), LATENCY_CALLS);
      metrics.putAll(latency.asMap());
      evaluationMillis += Duration.between(evaluating, clock.instant()).toMillis();
      Double rmse = metrics.get(Metric.RMSE.key());
      if (rmse == null || !Double.isFinite(rmse)) {
        return TrainingOutcome.Failed.of(
            FailurePhase.EVALUATION,
            "candidate "
                + candidate.name()
                + " predicts non-finite ratings on the holdout (rmse "
                + rmse
                + "); its training did not converge: lower learningRate or raise regularization");
      }
      CandidateReport report =
          new CandidateReport(
              candidate.name(), candidate.recipe().id(), metrics, tookTraining, false);
      observer.onCandidateEvaluated(report);
      reports.add(report);
      models.add(model);
      if (clock.instant().isAfter(deadline) && k + 1 < candidates.size()) {
        return timeLimitReached(timeLimit, k + 1, candidates.size());
      }
    }

    Optional<Integer> best = CandidateChoice.best(spec.primaryMetric(), reports);
    if (best.isEmpty()) {
      return TrainingOutcome.Failed.of(
          FailurePhase.EVALUATION,
          "no candidate has a finite "
              + spec.primaryMetric().key()
              + " on the holdout, so none can be chosen; choose another primaryMetric");
    }
    int chosen = best.get();
    reports.set(chosen, reports.get(chosen).asChosen());
    CandidateSpec chosenSpec = candidates.get(chosen);
    FactorModel chosenModel = models.get(chosen);
    CandidateReport chosenReport = reports.get(chosen);

    Map<String, Double> quality = new LinkedHashMap<>(chosenReport.metrics());
    quality
        .keySet()
        .removeAll(
            Set.of(
                Metric.LATENCY_P50_MS.key(),
                Metric.LATENCY_P95_MS.key(),
                Metric.LATENCY_P99_MS.key()));
    ModelCard card =
        new ModelCard(
            spec.model(),
            request.version(),
            chosenSpec.recipe().id(),
            chosenSpec.hyperParameters().asStrings(),
            request.commitSha(),
            request.runId(),
            dataHash,
            evalSplitHash,
            quality,
            request.createdAt());
    StoredArtifact artifact;
    try {
      artifact = ArtifactFormat.store(store, new ModelArtifact(card, chosenModel));
    } catch (ArtifactException e) {
      return storeFailure("the model artifact", e);
    }
    Map<String, Double> metrics = new LinkedHashMap<>(chosenReport.metrics());
    metrics.put(SIZE_BYTES, (double) artifact.sizeBytes());
    metrics.put(TRAINING_SECONDS, chosenReport.trainingMillis() / 1000.0);

    double[] predictions = new double[split.holdout().size()];
    for (int row = 0; row < predictions.length; row++) {
      predictions[row] = chosenModel.predict(split.holdout().user(row), split.holdout().item(row));
    }
    log.info(
        "model {} version {}: chose candidate {} ({} {}), artifact {}",
        spec.model(),
        request.version(),
        chosenSpec.name(),
        spec.primaryMetric().key(),
        chosenReport.metrics().get(spec.primaryMetric().key()),
        artifact.sha256());
    return new TrainingOutcome.Trained(
        spec.model(),
        request.version(),
        chosenSpec.name(),
        chosenSpec.recipe().id(),
        chosenSpec.hyperParameters().asStrings(),
        artifact,
        metrics,
        reports,
        dataHash,
        evalSplitHash,
        ReferenceProfiles.of(train, predictions),
        trainingMillis,
        evaluationMillis,
        GatePolicyText.of(spec.gates()),
        trainSplitHash);
  }

  /**
   * The failure of a run that reached its time limit after {@code done} of {@code total}
   * candidates.
   */
  static TrainingOutcome.Failed timeLimitReached(Duration timeLimit, int done, int total) {
    return TrainingOutcome.Failed.of(
        FailurePhase.TRAINING,
        "the run reached the trainer's time limit of "
            + timeLimit
            + " after "
            + done
            + " of "
            + total
            + " candidates; train fewer candidates or raise trainer.max-training-minutes");
  }

  /**
   * A failure naming the first candidate whose recipe this trainer cannot train yet, or empty when
   * it can train them all. Checked before any data is read so such a spec fails in milliseconds.
   */
  public static Optional<TrainingOutcome.Failed> unavailableRecipe(TrainingSpec spec) {
    for (CandidateSpec candidate : spec.candidates()) {
      if (!AVAILABLE.contains(candidate.recipe())) {
        return Optional.of(
            TrainingOutcome.Failed.of(
                FailurePhase.TRAINING,
                "candidate "
                    + candidate.name()
                    + ": recipe "
                    + candidate.recipe().id()
                    + " is not available yet in this trainer; available: "
                    + AVAILABLE.stream().map(Recipe::id).collect(Collectors.joining(", "))
                    + ". Use one of them or remove the candidate"));
      }
    }
    return Optional.empty();
  }

  private static RatingTable load(DataSourceSpec data, RepositoryFiles files)
      throws DataException, IOException {
    if (data instanceof DataSourceSpec.Generated g) {
      return MovieLensGenerator.generate(g.shape(), g.seed());
    }
    return loadFile((DataSourceSpec.File) data, files);
  }

  private static RatingTable loadFile(DataSourceSpec.File file, RepositoryFiles files)
      throws DataException, IOException {
    LoadedRatings loaded;
    Path absolute = Path.of(file.path());
    if (absolute.isAbsolute()) {
      loaded = RatingsLoader.load(absolute, file.format(), file.maxBadRowShare());
    } else {
      Optional<InputStream> opened = files.open(file.path());
      if (opened.isEmpty()) {
        throw new DataException(
            "data.file.path: there is no "
                + files.describe(file.path())
                + "; the path is relative to the directory of mlpipe.yaml and the file must be"
                + " committed");
      }
      try (InputStream in = opened.get()) {
        loaded =
            RatingsLoader.load(
                new InputStreamReader(in, StandardCharsets.UTF_8),
                files.describe(file.path()),
                file.format(),
                file.maxBadRowShare());
      }
    }
    if (loaded.badRows() > 0) {
      log.warn(
          "{}: {} of {} rows did not parse and were left out, first: {}",
          file.path(),
          loaded.badRows(),
          loaded.totalRows(),
          loaded.firstBadLines());
    }
    return loaded.table();
  }

  private FactorModel train(
      CandidateSpec candidate, long seed, RatingTable train, RunObserver observer, Instant deadline)
      throws TrainingDivergedException, InterruptedException, TimeLimitReached {
    EpochProgress.Listener listener = listener(candidate, observer, clock, deadline);
    try {
      return switch (candidate.recipe()) {
        case RECOMMENDER_SGD_MF ->
            new SgdMatrixFactorization(SgdMfConfig.from(candidate.hyperParameters(), seed))
                .train(train, listener);
        case RECOMMENDER_MF ->
            new Dl4jMatrixFactorization(Dl4jMfConfig.from(candidate.hyperParameters(), seed))
                .train(train, listener);
        default ->
            throw new IllegalStateException(
                "recipe " + candidate.recipe().id() + " is not available");
      };
    } catch (Stop stop) {
      if (stop.timeLimit == null) {
        throw new InterruptedException("training of " + candidate.name() + " was interrupted");
      }
      throw stop.timeLimit;
    }
  }

  /**
   * Reports each epoch to the observer and stops training, by throwing {@link Stop}, when the
   * thread is interrupted or the run passed its deadline.
   */
  static EpochProgress.Listener listener(
      CandidateSpec candidate, RunObserver observer, Clock clock, Instant deadline) {
    return progress -> {
      observer.onEpoch(candidate.name(), progress);
      if (Thread.currentThread().isInterrupted()) {
        throw new Stop(null);
      }
      if (clock.instant().isAfter(deadline) && progress.epoch() < progress.epochs()) {
        throw new Stop(
            new TimeLimitReached(
                "epoch " + progress.epoch() + " of " + progress.epochs() + " done"));
      }
    };
  }

  static TrainingOutcome.Failed storeFailure(String what, ArtifactException e) {
    return TrainingOutcome.Failed.of(
        FailurePhase.STORE,
        "writing "
            + what
            + " to the artifact store failed ("
            + e.kind()
            + "): "
            + e.getMessage()
            + "; check that the data directory is writable and has room",
        e);
  }

  /** The run reached its time limit. */
  static final class TimeLimitReached extends Exception {
    private static final long serialVersionUID = 1L;

    TimeLimitReached(String message) {
      super(message);
    }
  }

  /** Carries an interrupt or the time limit out of the epoch listener, which cannot throw. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient TimeLimitReached timeLimit;

    Stop(TimeLimitReached timeLimit) {
      super(null, null, false, false);
      this.timeLimit = timeLimit;
    }

    /** The failure a time limit makes; empty for an interrupt. */
    Optional<TrainingOutcome.Failed> outcome(CandidateSpec candidate, Duration limit) {
      if (timeLimit == null) {
        return Optional.empty();
      }
      return Optional.of(
          TrainingOutcome.Failed.of(
              FailurePhase.TRAINING,
              "candidate "
                  + candidate.name()
                  + " was still training when the run reached the trainer's time limit of "
                  + limit
                  + " ("
                  + timeLimit.getMessage()
                  + "); lower epochs or raise trainer.max-training-minutes"));
    }
  }
}
