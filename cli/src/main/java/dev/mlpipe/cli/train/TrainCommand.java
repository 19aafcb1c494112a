package dev.mlpipe.cli.train;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.trainer.run.CandidateReport;
import dev.mlpipe.trainer.run.DirectoryFiles;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.RunRequest;
import dev.mlpipe.trainer.run.TrainingOutcome;
import dev.mlpipe.trainer.run.TrainingRun;
import dev.mlpipe.trainer.run.VersionLabel;
import dev.mlpipe.trainer.spec.InvalidSpecException;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlpipe train}: the trainer's run on this machine, without Kafka, for model authors: the
 * same spec, data, recipes, evaluation and artifact as the trainer stage, with progress on stderr
 * and the metrics as a table.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a training spec on this machine, without Kafka: loads or generates the data, splits"
          + " it, trains and evaluates every candidate exactly as the trainer stage does, stores"
          + " the chosen model in DATA-DIR/artifacts and prints a table of the holdout metrics."
          + " Progress (epoch, training loss, ETA) goes to stderr.",
      "",
      "Example:  mlpipe train --spec examples/movielens-recsys/mlpipe.yaml",
      "          mlpipe train --spec examples/fraud-detection/mlpipe.yaml"
    })
public final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "PATH",
      description = "The training spec (mlpipe.yaml); see trainer/SPEC.md.")
  Path specFile;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The directory a data.file.path relative path is resolved in (default: the spec's"
              + " directory).")
  Path dataDir;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:MLPIPE_DATA_DIR:-.mlpipe}",
      description = "Where the artifact store is (DIR/artifacts) (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--max-minutes",
      paramLabel = "N",
      defaultValue = "30",
      description = "Stop a run that takes longer (default: ${DEFAULT-VALUE}).")
  int maxMinutes;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainingSpec training = parse();
    if (maxMinutes < 1) {
      throw new UserError("--max-minutes must be at least 1, was " + maxMinutes, 2, null);
    }
    Path base = dataDir != null ? dataDir : specFile.toAbsolutePath().getParent();
    String runId = "local-" + UUID.randomUUID();
    RunRequest request =
        new RunRequest(
            training,
            DirectoryFiles.at(base),
            "working-copy",
            runId,
            VersionLabel.local(runId),
            Clock.systemUTC().instant());
    TrainingRun run =
        new TrainingRun(
            ArtifactStore.at(stateDir.resolve("artifacts")),
            Clock.systemUTC(),
            Duration.ofMinutes(maxMinutes));
    TrainingOutcome outcome = run.run(request, new Progress(err));
    if (outcome instanceof TrainingOutcome.Failed failed) {
      err.println(
          "mlpipe: training failed (" + failed.phase().wireName() + "): " + failed.reason());
      err.flush();
      return 1;
    }
    TrainingOutcome.Trained trained = (TrainingOutcome.Trained) outcome;
    out.print(MetricsTable.render(trained.candidates()));
    out.printf(
        Locale.ROOT,
        "%nchosen: %s (%s %.4f)  version %s%nartifact: %s (%,d bytes)%nholdout: %s%n",
        trained.candidate(),
        training.primaryMetric().key(),
        trained.metrics().get(training.primaryMetric().key()),
        trained.version(),
        trained.artifact().uri(),
        trained.artifact().sizeBytes(),
        trained.evalSplitHash());
    out.flush();
    return 0;
  }

  private TrainingSpec parse() {
    try {
      return TrainingSpecParser.parse(specFile);
    } catch (NoSuchFileException e) {
      throw new UserError("--spec " + specFile + ": no such file", 2, e);
    } catch (IOException e) {
      throw new UserError("--spec " + specFile + ": cannot read it: " + e.getMessage(), 2, e);
    } catch (InvalidSpecException e) {
      throw new UserError(e.getMessage(), 2, e);
    }
  }

  /** One stderr line per epoch: a bar, the training loss and the time left for the candidate. */
  static final class Progress implements RunObserver {
    private static final int BAR = 20;
    private final PrintWriter err;
    private long candidateStarted;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void onData(int trainRows, int holdoutRows, String dataHash) {
      err.printf(
          Locale.ROOT,
          "data: %,d training rows, %,d holdout rows (sha256 %s)%n",
          trainRows,
          holdoutRows,
          dataHash.substring(0, 12));
      err.flush();
    }

    @Override
    public void onCandidateStarted(String candidate, String recipe, int index, int count) {
      candidateStarted = System.nanoTime();
      err.printf(Locale.ROOT, "candidate %s (%s), %d of %d%n", candidate, recipe, index + 1, count);
      err.flush();
    }

    @Override
    public void onEpoch(String candidate, dev.mlpipe.trainer.recipe.EpochProgress progress) {
      err.println(line(progress, Duration.ofNanos(System.nanoTime() - candidateStarted)));
      err.flush();
    }

    @Override
    public void onCandidateEvaluated(CandidateReport report) {
      err.printf(
          Locale.ROOT,
          "  evaluated: %s, p99 latency %.4f ms%n",
          // The first quality metrics of the model's kind: rmse, mae, precision_at_10 for a
          // recommender; precision, recall, f1 for a classifier; rmse, mae, r2 for a regressor.
          report.metrics().entrySet().stream()
              .filter(m -> !m.getKey().startsWith("latency_"))
              .limit(3)
              .map(m -> String.format(Locale.ROOT, "%s %.4f", m.getKey(), m.getValue()))
              .collect(java.util.stream.Collectors.joining(", ")),
          report.metrics().getOrDefault("latency_p99_ms", Double.NaN));
      err.flush();
    }

    static String line(dev.mlpipe.trainer.recipe.EpochProgress progress, Duration elapsed) {
      int done = (int) ((long) BAR * progress.epoch() / progress.epochs());
      double perEpoch = elapsed.toNanos() / 1e9 / progress.epoch();
      double eta = perEpoch * (progress.epochs() - progress.epoch());
      return String.format(
          Locale.ROOT,
          "  [%s%s] epoch %d/%d  loss %.4f  ETA %.1fs",
          "#".repeat(done),
          ".".repeat(BAR - done),
          progress.epoch(),
          progress.epochs(),
          progress.trainRmse(),
          eta);
    }
  }
}
