package dev.mlpipe.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.data.RatingsWriter;
import dev.mlpipe.models.tabular.TabularCsv;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.trainer.recipe.EpochProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void shouldTrainTheLeadExampleShowingEpochsAndAMetricsTable() throws Exception {
    Path spec = REPO.resolve("examples/movielens-recsys/mlpipe.yaml");

    CommandLineRun run =
        CommandLineRun.of("train", "--spec", spec.toString(), "--data-dir", tmp.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("epoch 1/30").contains("epoch 30/30").contains("ETA");
    assertThat(run.out()).containsPattern("rmse +0\\.[67]\\d{3}").contains("latency_p99_ms");
    assertThat(run.out()).contains("chosen: recommender-sgd-mf");
    try (var files = Files.list(tmp.resolve("artifacts").resolve("sha256"))) {
      // the model, the holdout and the training split (the gate re-computes top-10 metrics)
      assertThat(files.count()).isEqualTo(3);
    }
  }

  @Test
  void shouldTrainAClassifierOnACsvFileWithADeclaredSchema() throws Exception {
    Path repo = tmp.resolve("churn");
    Files.createDirectories(repo);
    TabularCsv.write(
        TabularGenerator.generate(TabularShape.CHURN, 5, 3000, false), repo.resolve("churn.csv"));
    Files.writeString(
        repo.resolve("mlpipe.yaml"),
        """
        model: customer-churn
        data:
          file:
            path: churn.csv
            format: csv
            schema:
              target: churned
              columns:
                tenure_months: numeric
                contract: categorical
                monthly_charges: numeric
                total_charges: numeric
                internet_service: categorical
                payment_method: categorical
                support_calls: numeric
                senior: numeric
        recipe: classifier-mlp
        hyperParameters: {epochs: 2, batchSize: 512, learningRate: 0.01}
        """);

    CommandLineRun run =
        CommandLineRun.of(
            "train",
            "--spec",
            repo.resolve("mlpipe.yaml").toString(),
            "--data-dir",
            tmp.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("epoch 2/2").contains("evaluated: precision");
    assertThat(run.out()).contains("roc_auc").contains("pr_auc").contains("chosen: classifier-mlp");
  }

  @Test
  void shouldReadADataFileFromTheGivenDirectory() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    RatingsWriter.write(
        MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 3),
        RatingsFormat.MOVIELENS_100K,
        data.resolve("u.data"));
    Path spec = tmp.resolve("mlpipe.yaml");
    Files.writeString(
        spec,
        """
        model: from-file
        data: {file: {path: u.data, format: movielens-100k}}
        recipe: recommender-sgd-mf
        hyperParameters: {epochs: 2}
        """);

    CommandLineRun run =
        CommandLineRun.of(
            "train",
            "--spec",
            spec.toString(),
            "--data",
            data.toString(),
            "--data-dir",
            tmp.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("80,000 training rows");
  }

  @Test
  void shouldRefuseAnInvalidSpecNamingTheKey() throws Exception {
    Path spec = tmp.resolve("mlpipe.yaml");
    Files.writeString(spec, "model: x\ndata: {generate: {shape: movielens-100k}}\nrecipe: svd\n");

    CommandLineRun run = CommandLineRun.of("train", "--spec", spec.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("recipe").contains("svd");
  }

  @Test
  void shouldShowTheTimeLeftFromTheEpochsDoneSoFar() {
    String line =
        TrainCommand.Progress.line(
            new EpochProgress(5, 20, 0.91234, Duration.ofMillis(100)), Duration.ofSeconds(1));

    assertThat(line).isEqualTo("  [#####...............] epoch 5/20  loss 0.9123  ETA 3.0s");
  }
}
