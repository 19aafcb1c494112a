package dev.mlpipe.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

  @TempDir Path dir;

  record Approval(String staging, String production) {}

  private void write(String file, String yaml) throws IOException {
    Files.writeString(dir.resolve(file), yaml);
  }

  private PipelineConfig load(String env, Map<String, String> variables) {
    return PipelineConfig.load(env, Optional.of(dir), variables);
  }

  @Test
  void shouldShipAutomaticProductionApprovalInDevAndManualInProduction() {
    PipelineConfig dev = PipelineConfig.load("dev", Optional.empty(), Map.of());
    PipelineConfig production = PipelineConfig.load("production", Optional.empty(), Map.of());

    assertThat(dev.oneOf("approval.production", List.of("auto", "manual"))).isEqualTo("auto");
    assertThat(production.section("approval", Approval.class))
        .isEqualTo(new Approval("auto", "manual"));
    assertThat(dev.sourceOf("approval.production")).isEqualTo("bundled config/dev.yaml");
  }

  @Test
  void shouldLayTheEnvironmentFileOverBaseKeyByKey() throws IOException {
    write("base.yaml", "approval: {staging: auto, production: manual}\nport: 8080\n");
    write("dev.yaml", "approval: {production: auto}\n");

    PipelineConfig config = load("dev", Map.of());

    assertThat(config.section("approval", Approval.class)).isEqualTo(new Approval("auto", "auto"));
    assertThat(config.integer("port", 0, 65535)).isEqualTo(8080);
  }

  @Test
  void shouldLetAnEnvironmentVariableOverrideAKeyWithBasesType() throws IOException {
    write("base.yaml", "serving: {port: 8080, enabled: true}\n");
    write("dev.yaml", "");

    PipelineConfig config =
        load("dev", Map.of("MLPIPE_SERVING_PORT", "9090", "MLPIPE_SERVING_ENABLED", "false"));

    assertThat(config.integer("serving.port", 0, 65535)).isEqualTo(9090);
    assertThat(config.bool("serving.enabled")).isFalse();
    assertThat(config.sourceOf("serving.port"))
        .isEqualTo("environment variable MLPIPE_SERVING_PORT");
  }

  @Test
  void shouldRefuseAVariableThatIsNotOfTheKeysType() throws IOException {
    write("base.yaml", "serving: {port: 8080}\n");
    write("dev.yaml", "");

    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_SERVING_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "MLPIPE_SERVING_PORT='eighty' for config key serving.port must be a whole number");
  }

  @Test
  void shouldRefuseAKeyBaseDoesNotDeclareNamingTheFileAndTheKey() throws IOException {
    write("base.yaml", "approval: {production: manual}\n");
    write("dev.yaml", "approval: {prodution: auto}\n");

    assertThatThrownBy(() -> load("dev", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dev.yaml: unknown key approval.prodution");
  }

  @Test
  void shouldAcceptAnyKeyInAnOpenSection() throws IOException {
    write("base.yaml", "kafka: {}\n");
    write("dev.yaml", "kafka: {linger.ms: 20}\n");

    assertThat(load("dev", Map.of()).section("kafka").get("linger.ms").asInt()).isEqualTo(20);
  }

  @Test
  void shouldNameTheKeyTheValueAndTheRuleWhenAValueIsOutOfRange() throws IOException {
    write("base.yaml", "serving: {port: 70000}\n");
    write("dev.yaml", "");

    assertThatThrownBy(() -> load("dev", Map.of()).integer("serving.port", 0, 65535))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("serving.port = '70000'")
        .hasMessageContaining("base.yaml")
        .hasMessageContaining("between 0 and 65535");
  }

  @Test
  void shouldNameTheMissingEnvironmentFile() throws IOException {
    write("base.yaml", "a: 1\n");

    assertThatThrownBy(() -> load("qa", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment 'qa'")
        .hasMessageContaining("dev, staging, production");
  }

  @Test
  void shouldRefuseASectionWithAKeyTheRecordDoesNotHave() throws IOException {
    write("base.yaml", "approval: {staging: auto, production: manual, qa: auto}\n");
    write("dev.yaml", "");

    assertThatThrownBy(() -> load("dev", Map.of()).section("approval", Approval.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config section 'approval'")
        .hasMessageContaining("qa");
  }

  @Test
  void shouldNameTheVariableForAKey() {
    assertThat(PipelineConfig.variableFor("approval.production"))
        .isEqualTo("MLPIPE_APPROVAL_PRODUCTION");
    assertThat(PipelineConfig.variableFor("registry-url")).isEqualTo("MLPIPE_REGISTRY_URL");
  }
}
