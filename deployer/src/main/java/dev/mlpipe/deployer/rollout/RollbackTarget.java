package dev.mlpipe.deployer.rollout;

import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelVersion;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which version a rollback goes back to: the one named, or else the last stable version, i.e. the
 * newest version that served 100 % of production and was never rolled back.
 */
public final class RollbackTarget {

  private RollbackTarget() {}

  /** The outcome: a version to go back to, or why there is none. */
  public sealed interface Choice {}

  /** Go back to this version. */
  public record Target(ModelVersion version) implements Choice {
    public Target {
      Objects.requireNonNull(version, "version");
    }
  }

  /** No rollback; the reason says what to do instead. */
  public record Refused(String reason) implements Choice {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Chooses where traffic goes back to from {@code from}.
   *
   * @param history the model's registry entry
   * @param from the version serving now (the canary while one runs)
   * @param requested the version a person named, if any
   */
  public static Choice choose(ModelHistory history, String from, Optional<String> requested) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(from, "from");
    if (requested.isPresent()) {
      String name = requested.get();
      Optional<ModelVersion> named = history.version(name);
      if (named.isEmpty()) {
        return new Refused(
            "model "
                + history.model()
                + " has no deployed version '"
                + name
                + "'; known versions: "
                + history.versions().stream().map(ModelVersion::version).toList());
      }
      if (name.equals(from)) {
        return new Refused(
            "version " + name + " of " + history.model() + " is the one serving; name another");
      }
      return new Target(named.get());
    }
    return history.versions().stream()
        .filter(ModelVersion::isStable)
        .filter(v -> !v.version().equals(from))
        .max(Comparator.comparingInt(ModelVersion::sequence))
        .<Choice>map(Target::new)
        .orElseGet(
            () ->
                new Refused(
                    "no version of "
                        + history.model()
                        + " other than "
                        + from
                        + " served 100 % of production without a rollback; name one with --to"));
  }
}
