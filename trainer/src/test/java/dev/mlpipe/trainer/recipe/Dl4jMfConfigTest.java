package dev.mlpipe.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;
import org.junit.jupiter.api.Test;

class Dl4jMfConfigTest {

  private static final Dl4jMfConfig DEFAULTS =
      Dl4jMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_MF), 42);

  @Test
  void shouldKeepTheDefaultBatchOnTheHundredThousandShape() {
    assertThat(DEFAULTS.maxStepsPerEpoch()).isEqualTo(10);
    assertThat(DEFAULTS.batchFor(80_000)).isEqualTo(8192);
  }

  @Test
  void shouldGrowTheBatchSoAnEpochOfTheMillionShapeTakesTenSteps() {
    assertThat(DEFAULTS.batchFor(800_167)).isEqualTo(80_017);
  }

  @Test
  void shouldTakeTheBatchAsGivenWithoutACapAndNeverMoreThanAllRows() {
    Dl4jMfConfig uncapped = new Dl4jMfConfig(10, 20, 0.1, 0.12, 8192, 0, 42);

    assertThat(uncapped.batchFor(800_167)).isEqualTo(8192);
    assertThat(DEFAULTS.batchFor(100)).isEqualTo(100);
  }

  @Test
  void shouldRefuseANegativeStepCap() {
    assertThatThrownBy(() -> new Dl4jMfConfig(10, 20, 0.1, 0.12, 8192, -1, 42))
        .hasMessageContaining("maxStepsPerEpoch -1");
  }
}
