package dev.mlpipe.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.cli.stage.PipelineStages;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageCommandsTest {

  private static final List<String> LINES =
      StageCommands.forInfrastructure(
          "127.0.0.1:40001", URI.create("http://127.0.0.1:40002"), Path.of("/srv/mlpipe"));

  @Test
  void shouldPrintOneCommandPerStagePointedAtTheInfrastructureAndTheSharedDataDir() {
    for (PipelineStages.Entry stage : PipelineStages.ALL) {
      assertThat(LINES)
          .contains(
              "  mlpipe "
                  + stage.name()
                  + " --bootstrap 127.0.0.1:40001 --registry http://127.0.0.1:40002"
                  + " --data-dir /srv/mlpipe --instance-id "
                  + stage.name()
                  + "-1");
    }
  }

  @Test
  void shouldPrintCommandsTheCommandLineAccepts() {
    for (String line : LINES.stream().filter(l -> l.startsWith("  mlpipe ")).toList()) {
      List<String> words = List.of(line.trim().split(" "));
      List<String> args = new java.util.ArrayList<>(words.subList(1, words.size()));
      args.add("--help");
      CommandLineRun help = CommandLineRun.of(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(line + ": " + help.err()).isZero();
    }
  }
}
