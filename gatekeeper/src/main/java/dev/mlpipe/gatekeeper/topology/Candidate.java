package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import java.util.Objects;

/** A TrainingFinished and the deployment that made its model's champion, or null when none. */
record Candidate(TrainingFinished finished, ModelDeployed champion) {

  Candidate {
    Objects.requireNonNull(finished, "finished");
  }
}
