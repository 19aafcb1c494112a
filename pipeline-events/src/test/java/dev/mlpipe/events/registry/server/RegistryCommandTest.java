package dev.mlpipe.events.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.registry.CompatibilityLevel;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryCommandTest {

  static Stream<RegistryCommand> commands() {
    return Stream.of(
        new RegistryCommand.Register("s-value", "{\"type\":\"string\"}"),
        new RegistryCommand.DeleteSubject("s-value", true),
        new RegistryCommand.DeleteVersion("s-value", RegistryCommand.DeleteVersion.LATEST, false),
        new RegistryCommand.DeleteVersion("s-value", 3, true),
        new RegistryCommand.SetCompatibility(
            Optional.empty(), Optional.of(CompatibilityLevel.FULL)),
        new RegistryCommand.SetCompatibility(Optional.of("s-value"), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void shouldReadBackWhatItWrites(RegistryCommand command) {
    assertThat(RegistryCommand.fromJson(RegistryCommand.toJson(command))).isEqualTo(command);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"x\",\"version\":1,\"magic\":1}",
        "{\"format\":1,\"type\":\"EXPLODE\"}",
        "{\"format\":1,\"type\":\"REGISTER\",\"subject\":\"x\"}"
      })
  void shouldRejectRecordsThatAreNotRegistryCommands(String json) {
    assertThatThrownBy(() -> RegistryCommand.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
