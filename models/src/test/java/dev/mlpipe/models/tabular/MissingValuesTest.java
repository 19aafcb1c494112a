package dev.mlpipe.models.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.DataException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissingValuesTest {

  private static final TabularSchema SCHEMA =
      new TabularSchema(
          List.of(
              new Column("amount", ColumnType.NUMERIC),
              new Column("age", ColumnType.NUMERIC),
              new Column("country", ColumnType.CATEGORICAL)),
          "is_fraud",
          TabularTask.BINARY_CLASSIFICATION);

  private static final String CSV =
      "amount,age,country,is_fraud\n"
          + "10,30,home,0\n"
          + ",40,home,1\n"
          + "20,,abroad,0\n"
          + "60,50,home,0\n";

  private static LoadedTable load(String csv, MissingValues missing) throws Exception {
    return TabularCsv.load(new StringReader(csv), "test.csv", SCHEMA, 0.0, missing);
  }

  @Test
  void shouldCountAnEmptyNumberAsABadRowNamingTheRemedyWhenNothingIsDeclared() {
    assertThatThrownBy(() -> load(CSV, MissingValues.NONE))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("2 of 4 rows")
        .hasMessageContaining("amount is empty (a missing value); declare missing:");
  }

  @Test
  void shouldDropRowsWithAnEmptyNumberWhoseFeatureSaysDropRowAndCountThem() throws Exception {
    MissingValues missing =
        new MissingValues(
            Map.of(
                "amount", MissingValues.Rule.of(MissingPolicy.DROP_ROW),
                "age", MissingValues.Rule.of(MissingPolicy.DROP_ROW)));

    LoadedTable loaded = load(CSV, missing);

    assertThat(loaded.table().size()).isEqualTo(2);
    assertThat(loaded.droppedRows()).isEqualTo(2);
    assertThat(loaded.badRows()).isZero();
    assertThat(loaded.totalRows()).isEqualTo(4);
  }

  @Test
  void shouldKeepMissingNumbersToFillAndFitMeanMedianAndConstantOnTheGivenRows() throws Exception {
    MissingValues missing =
        new MissingValues(
            Map.of(
                "amount", MissingValues.Rule.of(MissingPolicy.MEDIAN),
                "age", MissingValues.Rule.of(MissingPolicy.MEAN)));
    TabularTable table = load(CSV, missing).table();

    assertThat(table.missingValues()).isEqualTo(2);
    Map<String, Double> fills = missing.fit(table);
    assertThat(fills).containsEntry("amount", 20.0).containsEntry("age", 40.0);
    TabularTable filled = table.imputed(fills);
    assertThat(filled.missingValues()).isZero();
    assertThat(filled.numeric(0, 1)).isEqualTo(20.0);
    assertThat(filled.numeric(1, 2)).isEqualTo(40.0);
    assertThat(filled.numeric(0, 0)).isEqualTo(10.0);

    MissingValues constant = new MissingValues(Map.of("amount", MissingValues.Rule.constant(-1)));
    assertThat(constant.fit(table)).containsExactly(Map.entry("amount", -1.0));
  }

  @Test
  void shouldFitOnlyOnTheRowsItIsGivenSoAHoldoutDoesNotLeakIntoTheFill() throws Exception {
    MissingValues missing =
        new MissingValues(Map.of("amount", MissingValues.Rule.of(MissingPolicy.MEAN)));
    TabularTable table =
        load("amount,age,country,is_fraud\n10,1,a,0\n30,1,a,1\n1000,1,a,0\n", missing).table();

    TabularTable train = table.select(new int[] {0, 1});

    assertThat(missing.fit(train)).containsEntry("amount", 20.0);
  }

  @Test
  void shouldRefuseToFitAFeatureMissingInEveryTrainingRow() throws Exception {
    MissingValues missing =
        new MissingValues(Map.of("age", MissingValues.Rule.of(MissingPolicy.MEDIAN)));
    TabularTable table = load("amount,age,country,is_fraud\n1,,a,0\n2,,a,1\n", missing).table();

    assertThatThrownBy(() -> missing.fit(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("age is missing in every training row")
        .hasMessageContaining("missing: constant");
  }

  @Test
  void shouldRefuseAConstantWithoutAFiniteValueAndAValueForAComputedPolicy() {
    assertThatThrownBy(() -> MissingValues.Rule.constant(Double.NaN))
        .hasMessageContaining("finite value");
    assertThatThrownBy(() -> new MissingValues.Rule(MissingPolicy.MEAN, 3))
        .hasMessageContaining("only missing: constant takes a value");
  }
}
