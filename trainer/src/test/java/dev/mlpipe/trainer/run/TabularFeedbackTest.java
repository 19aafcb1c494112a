package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.MissingPolicy;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularTask;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularFeedbackTest {

  private static final TabularSchema SCHEMA =
      new TabularSchema(
          List.of(
              new Column("amount", ColumnType.NUMERIC),
              new Column("country", ColumnType.CATEGORICAL)),
          "is_fraud",
          TabularTask.BINARY_CLASSIFICATION);

  @TempDir Path dir;

  @Test
  void shouldTurnLoggedFeaturesAndTheObservedLabelIntoARowOfTheSchema() {
    TabularFeedback.Rows rows =
        TabularFeedback.rows(
            SCHEMA,
            MissingValues.NONE,
            List.of(
                new FeedbackExample(Map.of("amount", 12.5, "country", "home"), 1.0),
                new FeedbackExample(Map.of("amount", 3.0, "country", 44.0), 0.0)));

    assertThat(rows.unusable()).isZero();
    assertThat(rows.rows().size()).isEqualTo(2);
    assertThat(rows.rows().numeric(0, 0)).isEqualTo(12.5);
    assertThat(rows.rows().category(1, 0)).isEqualTo("home");
    assertThat(rows.rows().category(1, 1)).isEqualTo("44"); // a whole number, as serving takes it
    assertThat(rows.rows().targets()).containsExactly(1.0, 0.0);
  }

  @Test
  void shouldLeaveOutExamplesWithoutARequiredFeatureOrWithAnOutcomeThatIsNotALabel() {
    TabularFeedback.Rows rows =
        TabularFeedback.rows(
            SCHEMA,
            MissingValues.NONE,
            List.of(
                new FeedbackExample(Map.of("country", "home"), 1.0),
                new FeedbackExample(Map.of("amount", 3.0, "country", "home"), 0.5),
                new FeedbackExample(Map.of("amount", 3.0), 0.0)));

    assertThat(rows.rows().size()).isZero();
    assertThat(rows.unusable()).isEqualTo(3);
    assertThat(rows.firstProblem()).isEqualTo("amount is missing");
  }

  @Test
  void shouldKeepAMissingNumberToFillWhenTheSpecDeclaresItMayBeMissing() {
    MissingValues missing =
        new MissingValues(Map.of("amount", MissingValues.Rule.of(MissingPolicy.MEDIAN)));

    TabularFeedback.Rows rows =
        TabularFeedback.rows(
            SCHEMA, missing, List.of(new FeedbackExample(Map.of("country", "home"), 1.0)));

    assertThat(rows.unusable()).isZero();
    assertThat(rows.rows().missingValues()).isEqualTo(1);
  }

  @Test
  void shouldAddATabularRetrainsFeedbackToTheTrainingRowsAndKeepTheHoldout() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: churn
            seed: 5
            data: {generate: {shape: churn, rows: 2000}}
            recipe: classifier-mlp
            hyperParameters: {hiddenUnits: 8, hiddenLayers: 1, epochs: 1, batchSize: 256}
            """,
            "t");
    List<FeedbackExample> examples = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      examples.add(
          new FeedbackExample(
              Map.of(
                  "tenure_months",
                  1.0 + i % 24,
                  "contract",
                  "month-to-month",
                  "monthly_charges",
                  90.0,
                  "total_charges",
                  90.0 * (1 + i % 24),
                  "internet_service",
                  "fiber",
                  "payment_method",
                  "electronic-check",
                  "support_calls",
                  4.0,
                  "senior",
                  0.0),
              1.0));
    }
    examples.add(new FeedbackExample(Map.of("tenure_months", 3.0), 1.0)); // unusable

    TrainingOutcome.Trained without = train(spec, List.of());
    TrainingOutcome.Trained with = train(spec, examples);

    assertThat(with.evalSplitHash()).isEqualTo(without.evalSplitHash());
    assertThat(with.dataHash()).isNotEqualTo(without.dataHash());
    assertThat(with.profile().getRowCount()).isEqualTo(without.profile().getRowCount() + 300);
  }

  private TrainingOutcome.Trained train(TrainingSpec spec, List<FeedbackExample> examples)
      throws Exception {
    TrainingOutcome outcome =
        new TrainingRun(ArtifactStore.at(dir), Clock.systemUTC(), Duration.ofMinutes(5))
            .run(
                new RunRequest(
                    spec,
                    DirectoryFiles.at(dir),
                    "working-copy",
                    "run-1",
                    "v1",
                    Instant.parse("2026-01-01T00:00:00Z"),
                    RatingTable.builder().build(),
                    examples,
                    Optional.empty()),
                RunObserver.NONE);
    assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    return (TrainingOutcome.Trained) outcome;
  }
}
