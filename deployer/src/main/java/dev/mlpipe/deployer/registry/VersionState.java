package dev.mlpipe.deployer.registry;

/** Where a model version stands in one environment. */
public enum VersionState {
  /** Validated, not yet serving in the environment. */
  CANDIDATE,
  /** Serving in staging. */
  STAGING,
  /** Serving (a share of) production traffic. */
  PRODUCTION,
  /** Replaced by a newer version after that one took all traffic. */
  RETIRED,
  /** Taken out of traffic by a rollback. */
  ROLLED_BACK,
  /** A rollout step of it failed (checksum, load, smoke test). */
  FAILED
}
