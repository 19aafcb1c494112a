package dev.mlpipe.models.data;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ways the seeded generator can make data that has moved away from what a model trained on, for
 * drift demos and tests. Each variant draws the same random numbers as undrifted data with the same
 * seed, so the same people and films appear; only what the variant names changes.
 */
public enum GeneratedDrift {
  /** No drift: exactly the rows {@link MovieLensGenerator#generate(GeneratedShape, long)} gives. */
  NONE("none"),
  /** The popularity order of the catalogue is reversed: the long tail becomes what people rate. */
  POPULARITY_SHIFT("popularity-shift"),
  /** Every user is someone the undrifted data never had: ids start after the shape's users. */
  NEW_USERS("new-users"),
  /** People rate one star harsher than before (clamped to 1 to 5). */
  RATING_SCALE_SHIFT("rating-scale-shift");

  private final String id;

  GeneratedDrift(String id) {
    this.id = id;
  }

  /** The variant's name on the command line. */
  public String id() {
    return id;
  }

  public static Optional<GeneratedDrift> byId(String id) {
    return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(GeneratedDrift::id).collect(Collectors.joining(", "));
  }
}
