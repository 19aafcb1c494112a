package dev.mlpipe.deployer.rollout;

/** How a version that is not the first of its model reaches all of production. */
public enum Strategy {
  /**
   * Traffic moves in steps (e.g. 5, 10, 25, 50, 100 %), each checked against the stable version.
   */
  CANARY,
  /** All traffic switches at once; the old version stays loaded for an instant rollback. */
  BLUE_GREEN
}
