package dev.mlpipe.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.models.data.LoadedRatings;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.data.RatingsLoader;
import dev.mlpipe.models.tabular.LoadedTable;
import dev.mlpipe.models.tabular.TabularCsv;
import dev.mlpipe.models.tabular.TabularShape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDataCommandTest {

  @TempDir Path dir;

  @Test
  void shouldWriteAMovieLens100kShapedUDataThatTheLoaderReadsBackWithoutBadRows() throws Exception {
    CommandLineRun run =
        CommandLineRun.of(
            "data",
            "generate",
            "--shape",
            "movielens-100k",
            "--seed",
            "7",
            "--out",
            dir.resolve("a").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 100,000 ratings of movielens-100k (seed 7)");

    LoadedRatings loaded =
        RatingsLoader.load(dir.resolve("a/u.data"), RatingsFormat.MOVIELENS_100K, 0.0);
    assertThat(loaded.badRows()).isZero();
    assertThat(loaded.table().size()).isEqualTo(100_000);
  }

  @Test
  void shouldWriteTheSameFileForTheSameSeedAndAnotherForAnotherSeed() {
    String first = sha("movielens-100k", "3", "x");
    String again = sha("movielens-100k", "3", "y");
    String other = sha("movielens-100k", "4", "z");
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void shouldNameTheKnownShapesForAnUnknownOne() {
    CommandLineRun run =
        CommandLineRun.of("data", "generate", "--shape", "imagenet", "--out", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--shape 'imagenet'").contains("movielens-100k");
  }

  @Test
  void shouldWriteATabularShapeAsCsvThatTheLoaderReadsWithItsSchema() throws Exception {
    CommandLineRun run =
        CommandLineRun.of(
            "data", "generate", "--shape", "taxi", "--rows", "500", "--out", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 500 rows of taxi (seed 1)").contains("target fare");
    LoadedTable loaded = TabularCsv.load(dir.resolve("taxi.csv"), TabularShape.TAXI.schema(), 0.0);
    assertThat(loaded.table().size()).isEqualTo(500);
  }

  @Test
  void shouldWriteAFeatureShiftedVariantThatDiffersFromTheBaseData() {
    CommandLineRun base =
        CommandLineRun.of(
            "data", "generate", "--shape", "fraud", "--rows", "300", "--out", dir.toString());
    CommandLineRun drifted =
        CommandLineRun.of(
            "data",
            "generate",
            "--shape",
            "fraud",
            "--rows",
            "300",
            "--drift",
            "feature-shift",
            "--out",
            dir.resolve("d").toString());
    assertThat(drifted.exitCode()).as(drifted.err()).isZero();
    assertThat(drifted.out()).contains("with feature-shift");
    assertThat(shaLine(drifted.out())).isNotEqualTo(shaLine(base.out()));
  }

  @Test
  void shouldRefuseAnUnknownDriftNamingTheKnownOne() {
    CommandLineRun run =
        CommandLineRun.of(
            "data", "generate", "--shape", "churn", "--drift", "tilt", "--out", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--drift 'tilt'").contains("feature-shift");
  }

  private static String shaLine(String out) {
    return out.lines().filter(l -> l.startsWith("sha256 ")).findFirst().orElseThrow();
  }

  private String sha(String shape, String seed, String sub) {
    CommandLineRun run =
        CommandLineRun.of(
            "data",
            "generate",
            "--shape",
            shape,
            "--seed",
            seed,
            "--out",
            dir.resolve(sub).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().lines().filter(l -> l.startsWith("sha256 ")).findFirst().orElseThrow();
  }
}
