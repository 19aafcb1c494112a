package dev.mlpipe.cli.up;

import dev.mlpipe.cli.stage.PipelineStages;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code up --infra-only} prints under its ready line: the command that starts each stage as
 * its own process against this broker and registry. All stage processes of one machine share one
 * data dir (the artifact store is in it); each instance keeps its own state under {@code
 * DIR/<stage>/<instance-id>}, so a second instance of a stage only needs another {@code
 * --instance-id}.
 */
final class StageCommands {

  private StageCommands() {}

  /** The lines to print: a heading, then one command per stage of {@link PipelineStages#ALL}. */
  static List<String> forInfrastructure(String bootstrap, URI registry, Path dataDir) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "start each stage as its own process (a second instance of a stage: the same command"
            + " with another --instance-id):");
    String connection =
        " --bootstrap "
            + bootstrap
            + " --registry "
            + registry
            + " --data-dir "
            + dataDir.toAbsolutePath().normalize();
    for (PipelineStages.Entry stage : PipelineStages.ALL) {
      lines.add("  mlpipe " + stage.name() + connection + " --instance-id " + stage.name() + "-1");
    }
    lines.add(
        "(serving listens on deployer.serving.port: give a second deployer on this machine"
            + " MLPIPE_DEPLOYER_SERVING_PORT=0 for any free port)");
    return lines;
  }
}
