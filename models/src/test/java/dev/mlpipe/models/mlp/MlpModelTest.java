package dev.mlpipe.models.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlpModelTest {

  /** x standardised with mean 1, scale 2; c one-hot over [a, b] plus __other__. */
  private static final List<FeatureEncoder> ENCODERS =
      List.of(
          new FeatureEncoder.Numeric("x", 1, 2),
          new FeatureEncoder.Categorical("c", List.of("a", "b")));

  /** 4 inputs -> 2 ReLU units -> 1 output. */
  private static final DenseLayer HIDDEN =
      new DenseLayer(
          4,
          2,
          new double[] {
            1,
            -1, // x
            0.5,
            0, // c=a
            0,
            0.5, // c=b
            -2,
            2 // c=__other__
          },
          new double[] {0.1, -0.1},
          Activation.RELU);

  private static final DenseLayer OUT_SIGMOID =
      new DenseLayer(2, 1, new double[] {2, -3}, new double[] {0.25}, Activation.SIGMOID);

  private static MlpModel classifier() {
    return new MlpModel(
        TabularTask.BINARY_CLASSIFICATION, "y", ENCODERS, List.of(HIDDEN, OUT_SIGMOID), 0.5, 0, 1);
  }

  @Test
  void forwardPassMatchesAHandComputedClassifierOutput() {
    // x = 5 -> (5 - 1) / 2 = 2; c = a -> [1, 0, 0].
    // hidden: relu(0.1 + 2*1 + 0.5) = 2.6, relu(-0.1 - 2 + 0) = 0.
    // out: sigmoid(0.25 + 2*2.6 - 3*0) = sigmoid(5.45).
    double p = classifier().predict(Map.of("x", 5.0, "c", "a"));
    assertThat(p).isCloseTo(1 / (1 + Math.exp(-5.45)), within(1e-15));
    assertThat(classifier().label(p)).isTrue();
  }

  @Test
  void shouldFillAMissingNumberWithTheFittedValueAndStillRefuseOtherMissingFeatures() {
    MlpModel filling = classifier().withMissingFills(Map.of("x", 5.0));

    assertThat(filling.predict(Map.of("c", "a")))
        .isEqualTo(classifier().predict(Map.of("x", 5.0, "c", "a")));
    assertThatThrownBy(() -> filling.predict(Map.of("x", 5.0)))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessageContaining("c");
    assertThatThrownBy(() -> classifier().predict(Map.of("c", "a")))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> classifier().withMissingFills(Map.of("c", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a numeric feature");
  }

  @Test
  void anUnseenCategoryTakesTheOtherBucket() {
    // x = 1 -> 0; c = zzz -> __other__: hidden relu(0.1 - 2) = 0, relu(-0.1 + 2) = 1.9.
    double p = classifier().predict(Map.of("x", 1, "c", "zzz"));
    assertThat(p).isCloseTo(1 / (1 + Math.exp(-(0.25 - 3 * 1.9))), within(1e-15));
    assertThat(classifier().label(p)).isFalse();
  }

  @Test
  void aRegressorMapsItsOutputBackToTheTargetScale() {
    DenseLayer out =
        new DenseLayer(2, 1, new double[] {1, 1}, new double[] {0}, Activation.IDENTITY);
    MlpModel m =
        new MlpModel(TabularTask.REGRESSION, "y", ENCODERS, List.of(HIDDEN, out), 0, 10, 3);
    // hidden for x=5, c=b: relu(0.1 + 2) = 2.1, relu(-0.1 - 2 + 0.5) = 0 -> 2.1 -> 10 + 3 * 2.1.
    assertThat(m.predict(Map.of("x", 5.0, "c", "b"))).isCloseTo(16.3, within(1e-12));
  }

  @Test
  void aMissingFeatureIsRefusedByName() {
    assertThatThrownBy(() -> classifier().predict(Map.of("x", 1.0)))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessageStartingWith("c: missing")
        .extracting(e -> ((InvalidFeatureException) e).field())
        .isEqualTo("c");
  }

  @Test
  void aTextForANumericFeatureIsRefusedByName() {
    assertThatThrownBy(() -> classifier().predict(Map.of("x", "five", "c", "a")))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessage("x: must be a number, got string 'five'");
  }

  @Test
  void anUnknownFeatureIsRefusedSoATypoIsNotIgnored() {
    assertThatThrownBy(() -> classifier().predict(Map.of("x", 1.0, "c", "a", "cc", "a")))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessageStartingWith("cc: unknown feature");
  }

  @Test
  void tableRowsPredictAsTheirFeatureMapsDo() {
    TabularSchema schema =
        new TabularSchema(
            List.of(new Column("c", ColumnType.CATEGORICAL), new Column("x", ColumnType.NUMERIC)),
            "y",
            TabularTask.BINARY_CLASSIFICATION);
    TabularTable table =
        TabularTable.builder(schema)
            .add(new double[] {0, 5}, new String[] {"a", null}, 1)
            .add(new double[] {0, -3}, new String[] {"new", null}, 0)
            .build();
    double[] batch = classifier().predict(table);
    assertThat(batch[0]).isEqualTo(classifier().predict(table.features(0)));
    assertThat(batch[1]).isEqualTo(classifier().predict(table.features(1)));
  }

  @Test
  void fittedEncodersStandardiseAndKeepTheMostFrequentCategories() {
    TabularSchema schema =
        new TabularSchema(
            List.of(new Column("x", ColumnType.NUMERIC), new Column("c", ColumnType.CATEGORICAL)),
            "y",
            TabularTask.REGRESSION);
    TabularTable table =
        TabularTable.builder(schema)
            .add(new double[] {1, 0}, new String[] {null, "a"}, 0)
            .add(new double[] {3, 0}, new String[] {null, "a"}, 0)
            .add(new double[] {5, 0}, new String[] {null, "b"}, 0)
            .build();
    List<FeatureEncoder> fitted = MlpModel.fitEncoders(table, 1);
    FeatureEncoder.Numeric x = (FeatureEncoder.Numeric) fitted.get(0);
    assertThat(x.mean()).isEqualTo(3.0);
    assertThat(x.scale()).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
    assertThat(((FeatureEncoder.Categorical) fitted.get(1)).categories()).containsExactly("a");
  }
}
