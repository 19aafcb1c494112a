package dev.mlpipe.gatekeeper.verdict;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** The gate's decision on one candidate, as the event to publish. */
public sealed interface Verdict {

  /** The event to publish. */
  SpecificRecord event();

  /** The event's metadata. */
  EventMeta meta();

  /** True for {@link Passed}. */
  boolean passed();

  /** The candidate passed every critical check. */
  record Passed(ValidationPassed event) implements Verdict {
    public Passed {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public EventMeta meta() {
      return event.getMeta();
    }

    @Override
    public boolean passed() {
      return true;
    }
  }

  /** The candidate failed a critical check, or could not be judged. */
  record Failed(ValidationFailed event) implements Verdict {
    public Failed {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public EventMeta meta() {
      return event.getMeta();
    }

    @Override
    public boolean passed() {
      return false;
    }
  }
}
