package dev.mlpipe.models.data;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The shapes of rating data the seeded generator can make, named after the data sets they mimic.
 */
public enum GeneratedShape {
  /** MovieLens 100K: 943 users, 1,682 items, 100,000 ratings. */
  MOVIELENS_100K("movielens-100k", 943, 1682, 100_000),
  /** MovieLens 1M: 6,040 users, 3,706 rated items, 1,000,209 ratings. */
  MOVIELENS_1M("movielens-1m", 6040, 3706, 1_000_209);

  private final String id;
  private final int users;
  private final int items;
  private final int ratings;

  GeneratedShape(String id, int users, int items, int ratings) {
    this.id = id;
    this.users = users;
    this.items = items;
    this.ratings = ratings;
  }

  /** The shape's name in {@code mlpipe.yaml} and on the command line. */
  public String id() {
    return id;
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  public int ratings() {
    return ratings;
  }

  public static Optional<GeneratedShape> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(GeneratedShape::id).collect(Collectors.joining(", "));
  }
}
