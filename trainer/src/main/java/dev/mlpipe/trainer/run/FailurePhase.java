package dev.mlpipe.trainer.run;

import java.util.Locale;

/** Where a run failed; its lower-case name is TrainingFailed's {@code phase}. */
public enum FailurePhase {
  /** The repository, the commit or the spec: nothing was trained. */
  SPEC,
  /** Loading, generating or splitting the data. */
  DATA,
  /** Training a candidate: an unavailable recipe, divergence, the time limit. */
  TRAINING,
  /** Evaluating the candidates on the holdout. */
  EVALUATION,
  /** Writing the artifact or the holdout to the artifact store. */
  STORE;

  /** The name TrainingFailed carries, e.g. {@code training}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
