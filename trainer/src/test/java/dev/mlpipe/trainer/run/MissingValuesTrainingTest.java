package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.tabular.TabularCsv;
import dev.mlpipe.models.tabular.TabularSplits;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.trainer.spec.DataSourceSpec;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV with empty numeric fields trains when the spec declares how to fill them. */
class MissingValuesTrainingTest {

  @TempDir Path dir;

  private static final String SPEC =
      """
      model: fares
      seed: 3
      data:
        file:
          path: trips.csv
          format: csv
          schema:
            target: fare
            columns:
              km: {type: numeric, missing: median}
              minutes: numeric
      recipe: regressor-mlp
      hyperParameters: {hiddenUnits: 8, hiddenLayers: 1, epochs: 3, batchSize: 64}
      """;

  /** 800 trips, fare = 2.5 + 1.2 km + 0.3 minutes; every 10th row lacks km. */
  private static String csv() {
    Random random = new Random(7);
    StringBuilder out = new StringBuilder("km,minutes,fare\n");
    for (int i = 0; i < 800; i++) {
      double km = 1 + random.nextDouble() * 20;
      double minutes = 5 + random.nextDouble() * 40;
      double fare = 2.5 + 1.2 * km + 0.3 * minutes;
      out.append(i % 10 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.3f", km))
          .append(',')
          .append(String.format(java.util.Locale.ROOT, "%.3f,%.3f%n", minutes, fare));
    }
    return out.toString();
  }

  @Test
  void shouldFillMissingNumbersWithTheTrainingRowsMedianAndStoreItForServing() throws Exception {
    String data = csv();
    Files.writeString(dir.resolve("trips.csv"), data);
    Files.writeString(dir.resolve("mlpipe.yaml"), SPEC);
    TrainingSpec spec = TrainingSpecParser.parse(dir.resolve("mlpipe.yaml"));
    ArtifactStore store = ArtifactStore.at(dir.resolve("store"));

    TrainingOutcome outcome =
        new TrainingRun(store, Clock.systemUTC(), Duration.ofMinutes(5))
            .run(
                new RunRequest(
                    spec,
                    DirectoryFiles.at(dir),
                    "working-copy",
                    "run-1",
                    "v1",
                    Instant.parse("2026-01-01T00:00:00Z")),
                RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    TrainingOutcome.Trained trained = (TrainingOutcome.Trained) outcome;
    // The fill is the median of the training split only, not of all rows.
    DataSourceSpec.CsvFile file = (DataSourceSpec.CsvFile) spec.data();
    TabularTable all =
        TabularCsv.load(
                new StringReader(data),
                "trips.csv",
                file.schema(dev.mlpipe.models.tabular.TabularTask.REGRESSION),
                0.0,
                file.missing())
            .table();
    TabularSplits.Split split =
        TabularSplits.random(all, spec.split().holdoutFraction(), spec.split().seed());
    double median = file.missing().fit(split.train()).get("km");
    assertThat(median).isNotEqualTo(file.missing().fit(all).get("km"));

    ModelArtifact artifact = ArtifactFormat.load(store, trained.artifact().sha256());
    FeatureEncoder.Numeric km = (FeatureEncoder.Numeric) artifact.mlp().encoders().get(0);
    assertThat(km.fill()).isEqualTo(median);
    assertThat(artifact.mlp().predict(Map.of("minutes", 20.0)))
        .isEqualTo(artifact.mlp().predict(Map.of("km", median, "minutes", 20.0)));
    // The stored holdout is filled in the same way, so the gatekeeper can score it.
    TabularTable holdout = TabularTable.fromCanonicalBytes(store.read(trained.evalSplitHash()));
    assertThat(holdout.missingValues()).isZero();
    assertThat(holdout.size()).isEqualTo(split.holdout().size());
  }
}
