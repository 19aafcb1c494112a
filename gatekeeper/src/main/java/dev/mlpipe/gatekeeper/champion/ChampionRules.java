package dev.mlpipe.gatekeeper.champion;

import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the champion of a model changes. A production deployment at 100 % makes its version the
 * champion. A production rollback makes the version traffic went back to the champion again, with
 * the deployment it once served production with, so the next candidate is compared with what really
 * serves, not with the version taken out.
 */
public final class ChampionRules {

  private ChampionRules() {}

  /** What a rollback does to the champion. */
  public sealed interface Change {}

  /** The champion stays as it is. */
  public record Unchanged(String why) implements Change {
    public Unchanged {
      Objects.requireNonNull(why, "why");
    }
  }

  /** The champion is now this deployment. */
  public record Champion(ModelDeployed deployment) implements Change {
    public Champion {
      Objects.requireNonNull(deployment, "deployment");
    }
  }

  /** No champion is known any more: the relative checks say "no champion yet". */
  public record Unknown(String why) implements Change {
    public Unknown {
      Objects.requireNonNull(why, "why");
    }
  }

  /** True when the deployment makes its version the champion: production at 100 %. */
  public static boolean makesChampion(ModelDeployed deployed) {
    return deployed.getEnvironment() == Environment.PRODUCTION
        && deployed.getTrafficPercent() == 100;
  }

  /**
   * True when the deployment is remembered as one a rollback may return to: any production share
   * (its metrics are its version's, whatever the share).
   */
  public static boolean remembered(ModelDeployed deployed) {
    return deployed.getEnvironment() == Environment.PRODUCTION;
  }

  /**
   * The champion after a rollback.
   *
   * @param rollback the event
   * @param current the champion before it, if any
   * @param production the last production deployment of a version of this model, if any
   */
  public static Change afterRollback(
      RolledBack rollback,
      Optional<ModelDeployed> current,
      Function<String, Optional<ModelDeployed>> production) {
    Objects.requireNonNull(rollback, "rollback");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(production, "production");
    if (rollback.getEnvironment() != Environment.PRODUCTION) {
      return new Unchanged("a rollback in " + rollback.getEnvironment() + " is not production");
    }
    String to = rollback.getToVersion();
    if (current.isPresent() && current.get().getVersion().equals(to)) {
      return new Unchanged("the champion is already " + to);
    }
    Optional<ModelDeployed> target = production.apply(to);
    if (target.isPresent()) {
      return new Champion(
          ModelDeployed.newBuilder(target.get())
              .setTrafficPercent(100)
              .setPreviousVersion(rollback.getFromVersion())
              .build());
    }
    return new Unknown(
        "traffic went back to "
            + to
            + ", which the gatekeeper never saw serve production, so its metrics are unknown");
  }
}
