package dev.mlpipe.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {

  @TempDir Path dir;

  @Test
  void shouldReadTheConsoleSectionAndLetVariablesOverrideIt() throws IOException {
    write("console:\n  bind-address: 127.0.0.1\n  port: 8088\n  token: \"\"\n");

    ConsoleConfig config =
        ConsoleConfig.from(load(Map.of("MLPIPE_CONSOLE_PORT", "0", "MLPIPE_CONSOLE_TOKEN", "t")));

    assertThat(config.port()).isZero();
    assertThat(config.token()).contains("t");
    assertThat(config.loopbackOnly()).isTrue();
    assertThat(config.toString()).doesNotContain("t]").contains("(set)");
  }

  @Test
  void shouldKeepTheDefaultsWhenTheConfigurationHasNoConsoleSection() throws IOException {
    write("bootstrap: localhost:9092\n");

    assertThat(ConsoleConfig.from(load(Map.of()))).isEqualTo(ConsoleConfig.defaults());
  }

  @Test
  void shouldRefuseAPortOutOfRangeNamingTheKey() throws IOException {
    write("console:\n  port: 8088\n");

    assertThatThrownBy(() -> ConsoleConfig.from(load(Map.of("MLPIPE_CONSOLE_PORT", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("console.port")
        .hasMessageContaining("70000");
  }

  @Test
  void shouldTellLoopbackFromOtherAddresses() {
    assertThat(new ConsoleConfig("0.0.0.0", 0, Optional.empty()).loopbackOnly()).isFalse();
    assertThat(new ConsoleConfig("localhost", 0, Optional.empty()).loopbackOnly()).isTrue();
  }

  private void write(String base) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), base);
    Files.writeString(dir.resolve("dev.yaml"), "");
  }

  private PipelineConfig load(Map<String, String> variables) {
    return PipelineConfig.load("dev", Optional.of(dir), variables);
  }
}
