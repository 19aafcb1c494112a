package dev.mlpipe.deployer.rollout;

import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the controller decided: the model's next state and the events to publish, in order, in the
 * same transaction as the input that caused them.
 *
 * @param state the next state
 * @param events ModelDeployed, RolledBack and DeploymentFailed events, keyed by the model
 * @param note one line for the log, e.g. why a command changed nothing
 */
public record Decision(RolloutState state, List<SpecificRecord> events, String note) {

  public Decision {
    Objects.requireNonNull(state, "state");
    events = List.copyOf(Objects.requireNonNull(events, "events"));
    Objects.requireNonNull(note, "note");
  }
}
