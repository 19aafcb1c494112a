package dev.mlpipe.cli.publish;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlpipe publish}: publishes any pipeline event given as JSON, checked against its schema.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes an event. `publish commit` is the common case; with --topic and --json any event"
          + " of the pipeline can be published, checked against its Avro schema first: a missing"
          + " or mistyped field is an error that names it, and nothing is published.",
      "",
      "When the JSON has no `meta`, a new run is started (fresh eventId and runId).",
      "",
      "Examples:",
      "  mlpipe publish commit --repo examples/movielens-recsys --sha $(git rev-parse HEAD)",
      "  mlpipe publish --topic mlpipe.feedback --json feedback.json",
      "  echo '{...}' | mlpipe publish --topic mlpipe.commands --json -"
    },
    subcommands = {PublishCommitCommand.class})
public final class PublishCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "The topic to publish to, e.g. mlpipe.commit; its schema checks the JSON.")
  String topic;

  @Option(
      names = "--json",
      paramLabel = "FILE|-",
      description = "The event as JSON, from a file or from standard input (-).")
  String json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (topic == null || json == null) {
      throw new UserError(
          "publish needs --topic TOPIC and --json FILE|- (or the `commit` subcommand); see"
              + " `mlpipe publish --help`",
          2,
          null);
    }
    Topic<? extends SpecificRecord> target = Topics.require(topic);
    String text = read(json);
    EventMetas metas = Publisher.metas();
    try (Publisher publisher = new Publisher(connection)) {
      SpecificRecord event =
          EventCodec.fromJson(text, target.valueType(), metas::newRun, "--json " + json);
      Published published = publisher.publish(target, event);
      PrintWriter out = spec.commandLine().getOut();
      out.println(published.describe());
      out.flush();
      return 0;
    }
  }

  private String read(String source) {
    try {
      if ("-".equals(source)) {
        InputStream in = System.in;
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(source), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError("--json " + source + ": no such file");
    } catch (IOException e) {
      throw new UserError("--json " + source + ": cannot read it: " + e.getMessage(), e);
    }
  }
}
