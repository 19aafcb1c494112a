package dev.mlpipe.deployer.serving;

import java.util.Objects;

/**
 * How one model's requests are split: all to the stable version, or a share to a canary. The split
 * is sticky per user, so a user sees one version for the whole of a canary step.
 *
 * @param model the model
 * @param stable the version serving the rest of the traffic; null when the canary is the only one
 * @param canary the version serving {@code canaryPercent} of the users, or null
 * @param canaryPercent the canary's share, 0-100
 */
public record ModelRoute(String model, ServedModel stable, ServedModel canary, int canaryPercent) {

  public ModelRoute {
    Objects.requireNonNull(model, "model");
    if (stable == null && canary == null) {
      throw new IllegalArgumentException("model " + model + ": a route needs a version to serve");
    }
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException(
          "model " + model + ": canary share must be 0-100, was " + canaryPercent);
    }
  }

  /** The version that answers this user. */
  public ServedModel choose(int user) {
    if (canary == null) {
      return stable;
    }
    if (stable == null) {
      return canary;
    }
    return bucketOf(model, user) < canaryPercent ? canary : stable;
  }

  /** The user's bucket, 0-99, fixed per model and user. */
  static int bucketOf(String model, int user) {
    int h = user * 0x9E3779B9 ^ model.hashCode();
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return Math.floorMod(h, 100);
  }
}
