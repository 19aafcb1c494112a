package dev.mlpipe.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoSpecsTest {

  @Test
  void shouldMakeTheExamplesSpecRankOneAndOneEpochAndChangeNothingElse() throws Exception {
    String spec = Files.readString(Path.of("..").resolve(Demo.EXAMPLE).resolve("mlpipe.yaml"));

    String worse = DemoSpecs.worse(spec);

    assertThat(worse).contains("\n  rank: 1\n").contains("\n  epochs: 1\n");
    assertThat(worse.replace("rank: 1\n", "rank: 10\n").replace("epochs: 1\n", "epochs: 30\n"))
        .isEqualTo(spec);
  }

  @Test
  void shouldRefuseASpecWithoutTheHyperParametersToChange() {
    assertThatThrownBy(() -> DemoSpecs.worse("model: m\n"))
        .hasMessageContaining("no hyperParameters rank line");
  }
}
