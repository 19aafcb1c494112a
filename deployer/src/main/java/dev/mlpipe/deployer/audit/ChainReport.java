package dev.mlpipe.deployer.audit;

import java.util.Objects;

/** The outcome of verifying one model's chain of deployment events. */
public sealed interface ChainReport {

  /** The model. */
  String model();

  /** Whether every event links to its predecessor. */
  boolean isIntact();

  /** One line for a person. */
  String describe();

  /**
   * Every event of the model links to the one before it.
   *
   * @param events how many events the chain has
   * @param head the hash of the newest event: record it elsewhere to detect a later rewrite of the
   *     whole chain
   */
  record Intact(String model, int events, String head) implements ChainReport {
    public Intact {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(head, "head");
    }

    @Override
    public boolean isIntact() {
      return true;
    }

    @Override
    public String describe() {
      return "OK      " + model + ": " + events + " events, chain head " + head;
    }
  }

  /**
   * The chain breaks at {@code at}.
   *
   * @param verified events linked correctly before the break
   * @param at the first event that does not link to the one before it
   * @param after the last event that linked correctly; null when the break is at the start
   * @param expected the hash {@code at} should carry (of {@code after}); null when {@code at}
   *     should start the chain
   * @param found the hash {@code at} carries; null when it carries none
   * @param reason what the mismatch most likely means
   */
  record Broken(
      String model,
      int verified,
      ChainLink at,
      ChainLink after,
      String expected,
      String found,
      String reason)
      implements ChainReport {
    public Broken {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isIntact() {
      return false;
    }

    @Override
    public String describe() {
      return "BROKEN  "
          + model
          + ": after "
          + verified
          + " verified events, at "
          + at.position()
          + " ("
          + at.summary()
          + ", event "
          + at.eventId()
          + "): previous hash expected "
          + (expected == null ? "none (first event)" : expected)
          + (after == null ? "" : " (of " + after.position() + ", " + after.summary() + ")")
          + ", found "
          + (found == null ? "none" : found)
          + ": "
          + reason;
    }
  }
}
