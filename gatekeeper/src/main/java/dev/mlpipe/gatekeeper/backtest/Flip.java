package dev.mlpipe.gatekeeper.backtest;

import java.util.Objects;

/**
 * A check whose outcome differs between the old and the new verdict.
 *
 * @param check the check's name
 * @param before passed under the old verdict; null when the old report had no such check
 * @param after passed under the new policy; null when the new policy has no such check
 * @param reason the new reason (or the old one for a check the new policy dropped)
 */
public record Flip(String check, Boolean before, Boolean after, String reason) {

  public Flip {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(reason, "reason");
  }

  /** e.g. {@code rmse_max passed->FAILED}. */
  public String summary() {
    return check + " " + word(before) + "->" + word(after);
  }

  private static String word(Boolean passed) {
    return passed == null ? "absent" : passed ? "passed" : "FAILED";
  }
}
