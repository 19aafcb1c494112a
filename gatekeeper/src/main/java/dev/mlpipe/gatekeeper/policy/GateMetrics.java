package dev.mlpipe.gatekeeper.policy;

import dev.mlpipe.models.eval.Metric;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics a policy may name: every holdout metric of {@link Metric} plus the facts the
 * gatekeeper derives itself from the event and the artifact ({@code model_loads}, {@code
 * size_bytes}, {@code training_seconds}).
 */
public final class GateMetrics {

  /** 1 when the artifact was read with a matching SHA-256 and decoded, else 0. */
  public static final String MODEL_LOADS = "model_loads";

  /** The artifact's size in bytes, from the event. */
  public static final String SIZE_BYTES = "size_bytes";

  /** Wall-clock training time in seconds, from the event. */
  public static final String TRAINING_SECONDS = "training_seconds";

  private static final Map<String, Direction> KNOWN;

  static {
    Map<String, Direction> known = new TreeMap<>();
    Arrays.stream(Metric.values())
        .forEach(
            m ->
                known.put(
                    m.key(),
                    m.higherIsBetter() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER));
    known.put(MODEL_LOADS, Direction.NONE);
    known.put(SIZE_BYTES, Direction.LOWER_IS_BETTER);
    known.put(TRAINING_SECONDS, Direction.LOWER_IS_BETTER);
    KNOWN = Collections.unmodifiableMap(known);
  }

  private GateMetrics() {}

  /** The metric's direction, or empty when a policy may not name it. */
  public static Optional<Direction> direction(String key) {
    return Optional.ofNullable(KNOWN.get(key));
  }

  /** Every key a policy may name, sorted and comma separated, for error messages. */
  public static String knownKeys() {
    return String.join(", ", KNOWN.keySet());
  }
}
