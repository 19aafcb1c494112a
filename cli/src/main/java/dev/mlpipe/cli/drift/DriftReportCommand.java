package dev.mlpipe.cli.drift;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.watch.EventTail;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.DriftDetected;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe drift report MODEL}: the latest drift window's statistics per feature. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the statistics of MODEL's latest drift window, per feature: for each kind the drift"
          + " monitor raised in that window (data, prediction, quality, performance), each"
          + " feature's statistic (PSI, KS, CHI2, MISSING_RATE, UNSEEN_CATEGORIES, ONLINE_RMSE,"
          + " ...), its value, p-value, threshold and whether it drifted.",
      "",
      "It reads mlpipe.drift-detected from the beginning (no consumer group). The drift monitor"
          + " keeps the statistics of windows that raised nothing only in its own state store, so"
          + " the latest window shown is the latest one that raised a warning or drift; with"
          + " drift-monitor.publish-warnings (the default) that includes every window with a"
          + " feature at PSI >= psi-warning.",
      "",
      "Examples:",
      "  mlpipe drift report movielens-recsys",
      "  mlpipe drift report movielens-recsys --bootstrap 127.0.0.1:9092"
    })
public final class DriftReportCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
  String model;

  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<DriftDetected> events = read();
    List<DriftDetected> window = DriftReport.latestWindow(events, model);
    if (window.isEmpty()) {
      TreeSet<String> models = new TreeSet<>();
      events.forEach(e -> models.add(e.getModel()));
      out.println(
          "no drift raised for model '"
              + model
              + "' on "
              + connection.bootstrap()
              + (models.isEmpty()
                  ? " (no DriftDetected events at all)"
                  : "; models with drift events: " + String.join(", ", models)));
      out.flush();
      return 0;
    }
    out.print(DriftReport.format(window, ZoneId.systemDefault()));
    out.println(
        "("
            + events.stream().filter(e -> e.getModel().equals(model)).count()
            + " DriftDetected events for "
            + model
            + " in all; `mlpipe watch --topic "
            + Topics.DRIFT_DETECTED.name()
            + "` follows new ones)");
    out.flush();
    return 0;
  }

  private List<DriftDetected> read() {
    List<DriftDetected> events = new ArrayList<>();
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (EventCodec codec = EventCodec.connect(connection.registry());
        EventTail tail = new EventTail(clients)) {
      tail.assign(List.of(Topics.DRIFT_DETECTED.name()), true);
      tail.readToEnd(
          record -> {
            SpecificRecord value =
                codec.decode(record.topic(), record.partition(), record.offset(), record.value());
            if (value instanceof DriftDetected d) {
              events.add(d);
            }
            return true;
          },
          TIMEOUT);
    }
    return events;
  }
}
