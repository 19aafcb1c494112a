package dev.mlpipe.trainer.spec;

import dev.mlpipe.models.eval.Metric;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code mlpipe.yaml}: what to train ({@code candidates}), on which data, how to split
 * it, with which seed, how to pick the best candidate ({@code primaryMetric}), and the gates block
 * kept as it was written for the gatekeeper to interpret.
 */
public record TrainingSpec(
    String model,
    DataSourceSpec data,
    SplitSpec split,
    long seed,
    List<CandidateSpec> candidates,
    Metric primaryMetric,
    Map<String, Object> gates) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public TrainingSpec {
    requireName("model", model);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(primaryMetric, "primaryMetric");
    candidates = List.copyOf(candidates);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates: a spec needs at least one candidate");
    }
    Set<String> names = new HashSet<>();
    for (CandidateSpec c : candidates) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("candidates: duplicate candidate name " + c.name());
      }
      if (!primaryMetric.appliesTo(c.recipe().kind())) {
        throw new IllegalArgumentException(
            "primaryMetric: "
                + primaryMetric.key()
                + " does not apply to recipe "
                + c.recipe().id()
                + " of candidate "
                + c.name());
      }
    }
    gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
  }

  /** The candidate with the given name, or an exception naming the known candidates. */
  public CandidateSpec candidate(String name) {
    return candidates.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "spec of model "
                        + model
                        + " has no candidate "
                        + name
                        + "; known: "
                        + String.join(
                            ", ", candidates.stream().map(CandidateSpec::name).toList())));
  }

  static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  static void requireName(String what, String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          what + ": '" + name + "' is not a name (" + NAME.pattern() + ")");
    }
  }

  static String namePattern() {
    return NAME.pattern();
  }
}
