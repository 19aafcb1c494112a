package dev.mlpipe.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.mlp.Activation;
import dev.mlpipe.models.mlp.DenseLayer;
import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTask;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularArtifactTest {

  static ModelArtifact artifact() {
    MlpModel mlp =
        new MlpModel(
            TabularTask.BINARY_CLASSIFICATION,
            "is_fraud",
            List.of(
                new FeatureEncoder.Numeric("amount", 40, 12.5),
                new FeatureEncoder.Categorical("country", List.of("foreign", "home"))),
            List.of(
                new DenseLayer(
                    4,
                    2,
                    new double[] {1, 2, 3, 4, 5, 6, 7, 8},
                    new double[] {0, 1},
                    Activation.RELU),
                new DenseLayer(
                    2, 1, new double[] {0.5, -0.5}, new double[] {0.1}, Activation.SIGMOID)),
            0.3,
            0,
            1);
    ModelCard card =
        new ModelCard(
            "fraud-detection",
            "abc-1",
            "classifier-mlp",
            Map.of("hiddenUnits", "2"),
            "abc",
            "run-1",
            "d".repeat(64),
            "e".repeat(64),
            Map.of("roc_auc", 0.9),
            Instant.parse("2026-01-01T00:00:00Z"));
    return ModelArtifact.tabular(card, mlp);
  }

  @Test
  void aTabularArtifactReadsBackToAModelThatPredictsTheSame(@TempDir Path dir) {
    ArtifactStore store = ArtifactStore.at(dir);
    ModelArtifact original = artifact();
    StoredArtifact stored = ArtifactFormat.store(store, original);
    ModelArtifact back = ArtifactFormat.load(store, stored.sha256());
    assertThat(back.isTabular()).isTrue();
    assertThat(back.card()).isEqualTo(original.card());
    assertThat(back.mlp().encoders()).isEqualTo(original.mlp().encoders());
    assertThat(back.mlp().layers()).isEqualTo(original.mlp().layers());
    assertThat(back.mlp().threshold()).isEqualTo(0.3);
    Map<String, Object> row = Map.of("amount", 55.0, "country", "elsewhere");
    assertThat(back.mlp().predict(row)).isEqualTo(original.mlp().predict(row));
  }

  @Test
  void shouldKeepTheFillValueOfAMissingNumberSoServingFillsAsTrainingDid(@TempDir Path dir) {
    ArtifactStore store = ArtifactStore.at(dir);
    ModelArtifact original = artifact();
    ModelArtifact filling =
        ModelArtifact.tabular(
            original.card(), original.mlp().withMissingFills(Map.of("amount", 40.0)));

    ModelArtifact back = ArtifactFormat.load(store, ArtifactFormat.store(store, filling).sha256());

    assertThat(back.mlp().encoders()).isEqualTo(filling.mlp().encoders());
    assertThat(back.mlp().predict(Map.of("country", "home")))
        .isEqualTo(original.mlp().predict(Map.of("amount", 40.0, "country", "home")));
    // A model without fills keeps the bytes it had before fills existed.
    assertThat(
            ArtifactFormat.encode(
                ModelArtifact.tabular(original.card(), original.mlp().withMissingFills(Map.of()))))
        .isEqualTo(ArtifactFormat.encode(artifact()));
  }

  @Test
  void encodingIsDeterministic() {
    assertThat(ArtifactFormat.encode(artifact())).isEqualTo(ArtifactFormat.encode(artifact()));
  }

  @Test
  void aTruncatedTabularArtifactIsMalformed() {
    byte[] bytes = ArtifactFormat.encode(artifact());
    assertThatThrownBy(() -> ArtifactFormat.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("not a valid mlpipe artifact");
  }
}
