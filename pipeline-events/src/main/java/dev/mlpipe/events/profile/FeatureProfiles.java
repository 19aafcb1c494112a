package dev.mlpipe.events.profile;

/** Shared conventions of {@code FeatureProfile}s. */
public final class FeatureProfiles {

  /**
   * The category that sums, in a categorical profile, every category beyond the ones kept by name
   * (a profile of millions of users keeps the most frequent and counts the rest here). Live values
   * the profile does not name belong to it, so they are not "unseen" when the profile has it.
   */
  public static final String OTHER_CATEGORY = "__other__";

  private FeatureProfiles() {}
}
