package dev.mlpipe.cli.topics;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.events.topic.TopicSetup;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe topics create}: creates the pipeline's topics where they are missing. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Creates every pipeline topic and its dead-letter topic where it is missing, and registers"
          + " each topic's value schema with the registry; existing topics are left as they are"
          + " (partitions are only ever increased). Safe to run again.",
      "",
      "Example:  mlpipe topics create --bootstrap kafka:9092 --replication-factor 3"
    })
public final class CreateTopicsCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "1",
      description = "Replicas of each created topic (default: ${DEFAULT-VALUE}, for one broker).")
  int replicationFactor;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (Admin admin = clients.admin();
        TopicSetup setup = new TopicSetup(admin, replicationFactor)) {
      PrintWriter out = spec.commandLine().getOut();
      TopicSetup.Report report;
      try {
        report = setup.createCatalogue();
      } catch (IllegalStateException e) {
        if (e.getCause() instanceof java.util.concurrent.TimeoutException
            || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
          throw clients.unreachable(e);
        }
        throw e;
      }
      report.lines().forEach(out::println);
      try (EventCodec codec = EventCodec.connect(connection.registry())) {
        Map<String, Integer> ids = codec.registerCatalogueSchemas();
        out.println("schemas: " + ids.size() + " subjects registered at " + connection.registry());
      }
      out.flush();
      return 0;
    }
  }
}
