package dev.mlpipe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.runtime.FailurePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSettingsTest {

  /** The repository's own config directory: the settings come from the shipped files. */
  private static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @TempDir Path dir;

  @BeforeEach
  void copyConfig() throws Exception {
    for (String file : new String[] {"base.yaml", "dev.yaml"}) {
      Files.copy(CONFIG.resolve(file), dir.resolve(file));
    }
  }

  private TrainerSettings load(Map<String, String> variables) {
    return TrainerSettings.from(PipelineConfig.load("dev", Optional.of(dir), variables));
  }

  @Test
  void shouldReadTheShippedDefaults() {
    TrainerSettings settings = load(Map.of());

    assertThat(settings.maxTrainingTime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.gitToken()).isEmpty();
    assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.DEAD_LETTER);
    assertThat(settings.retrainCooldown()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldDefaultTheRetrainCooldownToTenMinutesOutsideDev() throws Exception {
    Files.writeString(dir.resolve("production.yaml"), "embedded: false\n");

    TrainerSettings settings =
        TrainerSettings.from(PipelineConfig.load("production", Optional.of(dir), Map.of()));

    assertThat(settings.retrainCooldown()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldRefuseACooldownThatIsNoDurationNamingTheKeyAndTheFormat() {
    assertThatThrownBy(() -> load(Map.of("MLPIPE_TRAINER_RETRAIN_COOLDOWN", "10 minutes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trainer.retrain-cooldown")
        .hasMessageContaining("10 minutes")
        .hasMessageContaining("PT10M");
  }

  @Test
  void shouldTakeTheTokenAndTheLimitFromTheEnvironmentWithoutShowingTheToken() {
    TrainerSettings settings =
        load(
            Map.of(
                "MLPIPE_TRAINER_GIT_TOKEN", "s3cret",
                "MLPIPE_TRAINER_MAX_TRAINING_MINUTES", "90"));

    assertThat(settings.gitToken()).contains("s3cret");
    assertThat(settings.maxTrainingTime()).isEqualTo(Duration.ofMinutes(90));
    assertThat(settings.toString()).doesNotContain("s3cret").contains("(set)");
  }

  @Test
  void shouldRefuseALimitOfZeroNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("MLPIPE_TRAINER_MAX_TRAINING_MINUTES", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trainer.max-training-minutes")
        .hasMessageContaining("'0'");
  }

  @Test
  void shouldTakeTheTrainersOwnFailurePolicy() throws Exception {
    Files.writeString(
        dir.resolve("dev.yaml"),
        Files.readString(dir.resolve("dev.yaml")) + "\nfailure-policy:\n  trainer: FAIL\n");

    assertThat(load(Map.of()).failurePolicy()).isEqualTo(FailurePolicy.FAIL);
  }
}
