package dev.mlpipe.trainer.run;

import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.DataException;
import dev.mlpipe.models.eval.Latency;
import dev.mlpipe.models.eval.LatencyProbe;
import dev.mlpipe.models.eval.Metric;
import dev.mlpipe.models.eval.TabularEvaluator;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.LoadedTable;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularCsv;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularSplits;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import dev.mlpipe.trainer.recipe.Dl4jMlp;
import dev.mlpipe.trainer.recipe.Dl4jMlpConfig;
import dev.mlpipe.trainer.recipe.EpochProgress;
import dev.mlpipe.trainer.recipe.TrainingDivergedException;
import dev.mlpipe.trainer.spec.CandidateSpec;
import dev.mlpipe.trainer.spec.DataSourceSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tabular half of a {@link TrainingRun}: generate or load the rows, split them, store the
 * holdout (its canonical bytes, under its hash, for the gatekeeper to re-evaluate), train every MLP
 * candidate, evaluate it on the holdout (classifier or regressor metrics and the latency of single
 * predictions from feature maps, as serving makes them), choose and store the best.
 */
final class TabularTraining {

  private static final Logger log = LoggerFactory.getLogger(TabularTraining.class);

  private final ArtifactStore store;
  private final Clock clock;
  private final Duration timeLimit;

  TabularTraining(ArtifactStore store, Clock clock, Duration timeLimit) {
    this.store = store;
    this.clock = clock;
    this.timeLimit = timeLimit;
  }

  TrainingOutcome run(RunRequest request, RunObserver observer, Instant deadline)
      throws InterruptedException {
    TrainingSpec spec = request.spec();
    TabularTask task = TabularTask.of(spec.candidates().get(0).recipe().kind());
    TabularTable table;
    try {
      table = load(spec.data(), task, request.files());
    } catch (DataException e) {
      return TrainingOutcome.Failed.of(FailurePhase.DATA, e.getMessage(), e);
    } catch (IOException e) {
      return TrainingOutcome.Failed.of(
          FailurePhase.DATA,
          "reading the data failed: " + e + "; check data.file in mlpipe.yaml",
          e);
    }
    TabularSplits.Split split;
    try {
      split = TabularSplits.random(table, spec.split().holdoutFraction(), spec.split().seed());
    } catch (IllegalArgumentException e) {
      return TrainingOutcome.Failed.of(FailurePhase.DATA, "split.holdout: " + e.getMessage(), e);
    }
    // Missing values are filled with what the training rows say (mean, median or the declared
    // constant), in the holdout too: the model fills a request's missing value the same way.
    Map<String, Double> fills;
    try {
      fills = missingValues(spec.data()).fit(split.train());
    } catch (IllegalArgumentException e) {
      return TrainingOutcome.Failed.of(
          FailurePhase.DATA, "data.file.schema.missing: " + e.getMessage(), e);
    }
    // A retrain's live feedback joins the training rows only: the holdout stays the one the
    // deployed version was judged on, so the gate compares candidate and champion on the same rows.
    TabularFeedback.Rows feedback =
        TabularFeedback.rows(table.schema(), missingValues(spec.data()), request.examples());
    if (!request.examples().isEmpty()) {
      log.info(
          "live feedback: {} of {} examples added to the training rows ({} left out{})",
          feedback.rows().size(),
          request.examples().size(),
          feedback.unusable(),
          feedback.firstProblem() == null ? "" : ", first: " + feedback.firstProblem());
    }
    String dataHash = TabularFeedback.appended(table, feedback.rows()).sha256();
    split =
        new TabularSplits.Split(
            TabularFeedback.appended(split.train(), feedback.rows()), split.holdout());
    if (!fills.isEmpty()) {
      log.info(
          "{} missing values of {} rows filled in with {} (fitted on the training rows)",
          table.missingValues(),
          table.size(),
          fills);
      split = new TabularSplits.Split(split.train().imputed(fills), split.holdout().imputed(fills));
    }
    if (task == TabularTask.BINARY_CLASSIFICATION && !bothClasses(split.train())) {
      return TrainingOutcome.Failed.of(
          FailurePhase.DATA,
          "the training rows' target "
              + table.schema().target()
              + " has only one class; a classifier needs positives and negatives: use more data");
    }
    String evalSplitHash = split.holdout().sha256();
    observer.onData(split.train().size(), split.holdout().size(), dataHash);
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
      return TrainingRun.storeFailure("the holdout", e);
    }
    double[] holdoutTargets = split.holdout().targets();
    List<Map<String, Object>> requests = new ArrayList<>();
    for (int row = 0; row < Math.min(split.holdout().size(), 1000); row++) {
      requests.add(split.holdout().features(row));
    }

    List<CandidateReport> reports = new ArrayList<>();
    List<MlpModel> models = new ArrayList<>();
    List<double[]> predictions = new ArrayList<>();
    long trainingMillis = 0;
    long evaluationMillis = 0;
    List<CandidateSpec> candidates = spec.candidates();
    for (int k = 0; k < candidates.size(); k++) {
      CandidateSpec candidate = candidates.get(k);
      observer.onCandidateStarted(candidate.name(), candidate.recipe().id(), k, candidates.size());
      Instant started = clock.instant();
      MlpModel model;
      try {
        EpochProgress.Listener listener =
            TrainingRun.listener(candidate, observer, clock, deadline);
        model =
            new Dl4jMlp(Dl4jMlpConfig.from(candidate.hyperParameters(), spec.seed()), task)
                .train(split.train(), listener)
                .withMissingFills(fills);
      } catch (TrainingDivergedException e) {
        return TrainingOutcome.Failed.of(
            FailurePhase.TRAINING, "candidate " + candidate.name() + ": " + e.getMessage(), e);
      } catch (TrainingRun.Stop stop) {
        Optional<TrainingOutcome.Failed> failed = stop.outcome(candidate, timeLimit);
        if (failed.isEmpty()) {
          throw new InterruptedException("training of " + candidate.name() + " was interrupted");
        }
        return failed.get();
      }
      long tookTraining = Duration.between(started, clock.instant()).toMillis();
      trainingMillis += tookTraining;

      Instant evaluating = clock.instant();
      double[] predicted = model.predict(split.holdout());
      Map<String, Double> metrics =
          new LinkedHashMap<>(
              task == TabularTask.BINARY_CLASSIFICATION
                  ? TabularEvaluator.classifier(predicted, holdoutTargets, model.threshold())
                      .asMap()
                  : TabularEvaluator.regressor(predicted, holdoutTargets).asMap());
      Latency latency = LatencyProbe.measure(model::predict, requests, TrainingRun.LATENCY_CALLS);
      metrics.putAll(latency.asMap());
      evaluationMillis += Duration.between(evaluating, clock.instant()).toMillis();
      for (double p : predicted) {
        if (!Double.isFinite(p)) {
          return TrainingOutcome.Failed.of(
              FailurePhase.EVALUATION,
              "candidate "
                  + candidate.name()
                  + " predicts non-finite values on the holdout; its training did not converge:"
                  + " lower learningRate or raise l2");
        }
      }
      CandidateReport report =
          new CandidateReport(
              candidate.name(), candidate.recipe().id(), metrics, tookTraining, false);
      observer.onCandidateEvaluated(report);
      reports.add(report);
      models.add(model);
      predictions.add(predicted);
      if (clock.instant().isAfter(deadline) && k + 1 < candidates.size()) {
        return TrainingRun.timeLimitReached(timeLimit, k + 1, candidates.size());
      }
    }

    Optional<Integer> best = CandidateChoice.best(spec.primaryMetric(), reports);
    if (best.isEmpty()) {
      return TrainingOutcome.Failed.of(
          FailurePhase.EVALUATION,
          "no candidate has a finite "
              + spec.primaryMetric().key()
              + " on the holdout, so none can be chosen (a holdout without positives has no AUC);"
              + " use more data or choose another primaryMetric");
    }
    int chosen = best.get();
    reports.set(chosen, reports.get(chosen).asChosen());
    CandidateSpec chosenSpec = candidates.get(chosen);
    MlpModel chosenModel = models.get(chosen);
    CandidateReport chosenReport = reports.get(chosen);

    Map<String, Double> quality = new LinkedHashMap<>(chosenReport.metrics());
    quality
        .keySet()
        .removeAll(
            Set.of(
                Metric.LATENCY_P50_MS.key(),
                Metric.LATENCY_P95_MS.key(),
                Metric.LATENCY_P99_MS.key()));
    Map<String, String> hyperParameters =
        new LinkedHashMap<>(chosenSpec.hyperParameters().asStrings());
    ModelCard card =
        new ModelCard(
            spec.model(),
            request.version(),
            chosenSpec.recipe().id(),
            hyperParameters,
            request.commitSha(),
            request.runId(),
            dataHash,
            evalSplitHash,
            quality,
            request.createdAt());
    StoredArtifact artifact;
    try {
      artifact = ArtifactFormat.store(store, ModelArtifact.tabular(card, chosenModel));
    } catch (ArtifactException e) {
      return TrainingRun.storeFailure("the model artifact", e);
    }
    Map<String, Double> metrics = new LinkedHashMap<>(chosenReport.metrics());
    metrics.put(TrainingRun.SIZE_BYTES, (double) artifact.sizeBytes());
    metrics.put(TrainingRun.TRAINING_SECONDS, chosenReport.trainingMillis() / 1000.0);
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
        ReferenceProfiles.ofTabular(split.train(), predictions.get(chosen)),
        trainingMillis,
        evaluationMillis,
        GatePolicyText.of(spec.gates()),
        null);
  }

  private static boolean bothClasses(TabularTable train) {
    double share = train.positiveShare();
    return share > 0 && share < 1;
  }

  private static MissingValues missingValues(DataSourceSpec data) {
    return data instanceof DataSourceSpec.CsvFile file ? file.missing() : MissingValues.NONE;
  }

  private static TabularTable load(DataSourceSpec data, TabularTask task, RepositoryFiles files)
      throws DataException, IOException {
    if (data instanceof DataSourceSpec.GeneratedTable g) {
      return TabularGenerator.generate(g.shape(), g.seed(), g.rows(), false);
    }
    DataSourceSpec.CsvFile file = (DataSourceSpec.CsvFile) data;
    LoadedTable loaded;
    Path absolute = Path.of(file.path());
    if (absolute.isAbsolute()) {
      loaded = TabularCsv.load(absolute, file.schema(task), file.maxBadRowShare(), file.missing());
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
            TabularCsv.load(
                new InputStreamReader(in, StandardCharsets.UTF_8),
                files.describe(file.path()),
                file.schema(task),
                file.maxBadRowShare(),
                file.missing());
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
}
