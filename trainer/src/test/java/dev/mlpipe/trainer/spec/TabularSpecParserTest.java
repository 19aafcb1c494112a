package dev.mlpipe.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.eval.Metric;
import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.MissingPolicy;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularSpecParserTest {

  @Test
  void aGeneratedTabularShapeTakesAnOptionalRowCount() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: fraud
            data: {generate: {shape: fraud, rows: 5000, seed: 3}}
            recipe: classifier-mlp
            """,
            "t");
    assertThat(spec.data())
        .isEqualTo(new DataSourceSpec.GeneratedTable(TabularShape.FRAUD, 3, 5000));
    assertThat(spec.primaryMetric()).isEqualTo(Metric.ROC_AUC);
  }

  @Test
  void aCsvFileDeclaresItsColumnsAndTarget() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: taxi
            data:
              file:
                path: trips.csv
                format: csv
                maxBadRowShare: 0.05
                schema:
                  target: fare
                  columns: {distance_km: numeric, pickup_zone: categorical}
            recipe: regressor-mlp
            """,
            "t");
    DataSourceSpec.CsvFile file = (DataSourceSpec.CsvFile) spec.data();
    assertThat(file.path()).isEqualTo("trips.csv");
    assertThat(file.maxBadRowShare()).isEqualTo(0.05);
    assertThat(file.schema(TabularTask.REGRESSION).features())
        .containsExactly(
            new Column("distance_km", ColumnType.NUMERIC),
            new Column("pickup_zone", ColumnType.CATEGORICAL));
    assertThat(file.target()).isEqualTo("fare");
  }

  @Test
  void schemaProblemsAreNamedByTheirKey() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: taxi
                    data:
                      file:
                        path: trips.csv
                        format: csv
                        schema:
                          columns: {distance_km: number, fare: numeric}
                          target: fare
                    recipe: regressor-mlp
                    """,
                    "t"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "data.file.schema.columns.distance_km: expected numeric or categorical, got string"
                + " 'number'")
        .hasMessageContaining(
            "data.file.schema.columns.fare: the target must not also be a feature column");
  }

  @Test
  void aCsvFileWithoutASchemaIsRefused() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {file: {path: a.csv, format: csv}}\nrecipe: classifier-mlp\n",
                    "t"))
        .hasMessageContaining("data.file.schema: missing");
  }

  @Test
  void aShapeOfTheWrongTaskIsRefusedNamingTheShapeAndTheCandidate() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: taxi}}\nrecipe: classifier-mlp\n", "t"))
        .hasMessageContaining(
            "data.generate.shape: taxi is a regression data set, but candidate classifier-mlp"
                + " (recipe classifier-mlp) makes a classifier");
  }

  @Test
  void ratingDataCannotTrainATabularRecipeNorTabularDataARecommender() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: movielens-100k}}\nrecipe: regressor-mlp\n",
                    "t"))
        .hasMessageContaining("data: rating data cannot train candidate regressor-mlp");
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: churn}}\nrecipe: recommender-mf\n", "t"))
        .hasMessageContaining("data: tabular rows cannot train candidate recommender-mf");
  }

  @Test
  void rowsAreForTabularShapesOnly() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: movielens-100k, rows: 10}}\n"
                        + "recipe: recommender-mf\n",
                    "t"))
        .hasMessageContaining("data.generate.rows: only the tabular shapes");
  }

  @Test
  void tabularDataCannotBeSplitByTime() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: churn}}\nsplit: {kind: time}\n"
                        + "recipe: classifier-mlp\n",
                    "t"))
        .hasMessageContaining("split.kind: time needs timestamps");
  }

  @Test
  void theUnknownShapeMessageListsTheTabularShapes() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    "model: m\ndata: {generate: {shape: iris}}\nrecipe: classifier-mlp\n", "t"))
        .hasMessageContaining(
            "unknown shape 'iris'; known: movielens-100k, movielens-1m, fraud," + " churn, taxi");
  }

  @Test
  void shouldDeclareMissingValuesForEveryNumericFeatureAndOverrideThemPerColumn() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: taxi
            data:
              file:
                path: trips.csv
                format: csv
                schema:
                  target: fare
                  missing: median
                  columns:
                    distance_km: numeric
                    passengers: {type: numeric, missing: constant, value: 1}
                    tip: {type: numeric, missing: drop-row}
                    pickup_zone: categorical
            recipe: regressor-mlp
            """,
            "t");

    DataSourceSpec.CsvFile file = (DataSourceSpec.CsvFile) spec.data();
    assertThat(file.missing().rules())
        .containsOnly(
            Map.entry("distance_km", MissingValues.Rule.of(MissingPolicy.MEDIAN)),
            Map.entry("passengers", MissingValues.Rule.constant(1)),
            Map.entry("tip", MissingValues.Rule.of(MissingPolicy.DROP_ROW)));
  }

  @Test
  void shouldLeaveNumericFeaturesRequiredWhenNothingIsDeclared() throws Exception {
    TrainingSpec spec =
        TrainingSpecParser.parse(
            """
            model: taxi
            data:
              file: {path: t.csv, format: csv, schema: {target: fare, columns: {km: numeric}}}
            recipe: regressor-mlp
            """,
            "t");

    assertThat(((DataSourceSpec.CsvFile) spec.data()).missing()).isEqualTo(MissingValues.NONE);
  }

  @Test
  void shouldNameEveryBadMissingDeclarationByItsKey() {
    assertThatThrownBy(
            () ->
                TrainingSpecParser.parse(
                    """
                    model: taxi
                    data:
                      file:
                        path: trips.csv
                        format: csv
                        schema:
                          target: fare
                          missing: average
                          columns:
                            a: {type: numeric, missing: constant}
                            b: {type: numeric, missing: mean, value: 2}
                            c: {type: categorical, missing: drop-row}
                            d: {type: numeric, missing: constant, value: "x"}
                    recipe: regressor-mlp
                    """,
                    "t"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "data.file.schema.missing: expected one of drop-row, mean, median, constant, got"
                + " string 'average'")
        .hasMessageContaining(
            "data.file.schema.columns.a.value: missing: constant needs a finite number")
        .hasMessageContaining("data.file.schema.columns.b.value: only missing: constant takes")
        .hasMessageContaining(
            "data.file.schema.columns.c.missing: only numeric columns declare missing values")
        .hasMessageContaining("data.file.schema.columns.d.value");
  }
}
