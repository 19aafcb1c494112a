package dev.mlpipe.gatekeeper.policy;

import java.util.Map;
import java.util.Objects;

/** The version serving all of a model's production traffic, and its metrics. */
public record Champion(String version, Map<String, Double> metrics) {

  public Champion {
    Objects.requireNonNull(version, "version");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
  }
}
