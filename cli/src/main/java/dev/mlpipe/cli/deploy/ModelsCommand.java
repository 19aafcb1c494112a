package dev.mlpipe.cli.deploy;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.deployer.registry.HistoryEntry;
import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.deployer.registry.ModelVersion;
import dev.mlpipe.schemas.Environment;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe models [MODEL]}: the model registry, as folded from the deployment events. */
@Command(
    name = "models",
    aliases = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Shows every deployed model version: its state in staging and production, its share of"
          + " production traffic, its run, artifact and metrics. With MODEL, also the model's"
          + " deployment history (deployments, rollbacks, failures with their reasons)."
    })
public final class ModelsCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "One model.")
  String model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry registry;
    try (EventCodec codec = EventCodec.connect(connection.registry())) {
      registry = DeploymentEvents.registry(new PipelineClients(connection.bootstrap()), codec);
    }
    PrintWriter out = spec.commandLine().getOut();
    Collection<ModelHistory> models;
    if (model != null) {
      ModelHistory one =
          registry
              .find(model)
              .orElseThrow(
                  () ->
                      new UserError(
                          "no deployment of model '"
                              + model
                              + "' yet; deployed models: "
                              + registry.models().keySet(),
                          1,
                          null));
      models = List.of(one);
    } else {
      models = registry.models().values();
    }
    out.println(render(models, model != null));
    out.flush();
    return 0;
  }

  /** The table, and with {@code history} each model's history below it. */
  static String render(Collection<ModelHistory> models, boolean history) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-24s %-14s %-11s %-11s %7s  %-14s %-12s %s%n",
            "MODEL",
            "VERSION",
            "STAGING",
            "PRODUCTION",
            "TRAFFIC",
            "RUN",
            "SHA256",
            "METRICS"));
    for (ModelHistory h : models) {
      for (ModelVersion v : h.versions()) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-24s %-14s %-11s %-11s %6d%%  %-14s %-12s %s%n",
                h.model(),
                v.version(),
                v.stateIn(Environment.STAGING),
                v.stateIn(Environment.PRODUCTION),
                h.trafficIn(Environment.PRODUCTION).getOrDefault(v.version(), 0),
                abbreviate(v.runId(), 14),
                abbreviate(v.sha256(), 12),
                v.metrics().entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                    .collect(Collectors.joining(" "))));
      }
    }
    if (history) {
      for (ModelHistory h : models) {
        s.append(System.lineSeparator()).append("history of ").append(h.model()).append(':');
        s.append(System.lineSeparator());
        for (HistoryEntry e : h.history()) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "  %s  %-11s %-14s %-10s %3d%%  %s%n",
                  e.at(),
                  e.kind(),
                  e.version(),
                  e.environment(),
                  e.trafficPercent(),
                  e.detail()));
        }
      }
    }
    return s.toString().stripTrailing();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
