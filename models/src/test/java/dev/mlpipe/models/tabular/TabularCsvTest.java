package dev.mlpipe.models.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.DataException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabularCsvTest {

  private static final TabularSchema SCHEMA =
      new TabularSchema(
          List.of(
              new Column("amount", ColumnType.NUMERIC),
              new Column("country", ColumnType.CATEGORICAL)),
          "is_fraud",
          TabularTask.BINARY_CLASSIFICATION);

  private static LoadedTable load(String csv, double maxBad) throws Exception {
    return TabularCsv.load(new StringReader(csv), "test.csv", SCHEMA, maxBad);
  }

  @Test
  void readsColumnsByHeaderNameInAnyOrderAndIgnoresOthers() throws Exception {
    LoadedTable loaded =
        load(
            "id,is_fraud,country,amount\n"
                + "1,0,home,12.5\n"
                + "2,yes,\"Côte d'Ivoire, abroad\",300\n"
                + "\n"
                + "3,false,home,7\n",
            0);
    TabularTable t = loaded.table();
    assertThat(t.size()).isEqualTo(3);
    assertThat(loaded.badRows()).isZero();
    assertThat(t.numeric(0, 1)).isEqualTo(300.0);
    assertThat(t.category(1, 1)).isEqualTo("Côte d'Ivoire, abroad");
    assertThat(t.targets()).containsExactly(0, 1, 0);
  }

  @Test
  void countsRowsThatDoNotParseAndKeepsTheFirstForTheReport() throws Exception {
    LoadedTable loaded =
        load(
            "amount,country,is_fraud\n"
                + "1,home,0\n"
                + "abc,home,0\n"
                + "2,home,maybe\n"
                + "3,home,1\n"
                + "4,,0\n"
                + "5,home\n"
                + "6,home,0\n",
            0.9);
    assertThat(loaded.table().size()).isEqualTo(3);
    assertThat(loaded.badRows()).isEqualTo(4);
    assertThat(loaded.firstBadLines())
        .extracting(b -> b.lineNumber() + " " + b.reason())
        .containsExactly(
            "3 amount 'abc' is not a finite number",
            "4 target is_fraud 'maybe' is not 0/1, true/false or yes/no",
            "6 country is empty",
            "7 expected 3 fields as in the header, got 2");
  }

  @Test
  void failsAboveTheAllowedShareWithTheCountAndTheFirstBadLines() {
    assertThatThrownBy(() -> load("amount,country,is_fraud\n1,home,0\nx,home,0\n", 0.1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("1 of 2 rows (50.00 %) do not parse")
        .hasMessageContaining("line 3 (amount 'x' is not a finite number): x,home,0")
        .hasMessageContaining("data.file.maxBadRowShare");
  }

  @Test
  void aHeaderWithoutASchemaColumnNamesTheColumn() {
    assertThatThrownBy(() -> load("amount,is_fraud\n1,0\n", 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("lacks the schema's column(s) country");
  }

  @Test
  void writtenTablesReadBackToTheSameRows() throws Exception {
    TabularTable table = TabularGenerator.generate(TabularShape.TAXI, 3, 200, false);
    StringWriter out = new StringWriter();
    TabularCsv.write(table, out);
    TabularTable back =
        TabularCsv.load(new StringReader(out.toString()), "taxi.csv", table.schema(), 0).table();
    assertThat(back.sha256()).isEqualTo(table.sha256());
  }
}
