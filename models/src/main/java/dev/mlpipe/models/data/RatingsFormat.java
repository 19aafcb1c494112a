package dev.mlpipe.models.data;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The MovieLens rating file formats as GroupLens distributes them. Ids are the files' own user and
 * movie ids; ratings may be half stars (10M and later); timestamps are seconds since the epoch.
 */
public enum RatingsFormat {
  /** {@code u.data}: {@code user<TAB>item<TAB>rating<TAB>timestamp}, no header. */
  MOVIELENS_100K("movielens-100k", "\t", false),
  /** {@code ratings.dat}: {@code UserID::MovieID::Rating::Timestamp}, no header. */
  MOVIELENS_1M("movielens-1m", "::", false),
  /** {@code ratings.dat} of MovieLens 10M, same layout as 1M with half-star ratings. */
  MOVIELENS_10M("movielens-10m", "::", false),
  /** {@code ratings.csv}: header {@code userId,movieId,rating,timestamp}. */
  MOVIELENS_20M("movielens-20m", ",", true),
  /** {@code ratings.csv} of MovieLens 25M, same layout as 20M. */
  MOVIELENS_25M("movielens-25m", ",", true),
  /** {@code ratings.csv} of the MovieLens "latest" releases, same layout as 20M. */
  MOVIELENS_LATEST("movielens-latest", ",", true);

  private final String id;
  private final String separator;
  private final boolean header;

  RatingsFormat(String id, String separator, boolean header) {
    this.id = id;
    this.separator = separator;
    this.header = header;
  }

  /** The format's name in {@code mlpipe.yaml}. */
  public String id() {
    return id;
  }

  /** The literal field separator. */
  public String separator() {
    return separator;
  }

  /** Whether the first line is the header {@code userId,movieId,rating,timestamp}. */
  public boolean hasHeader() {
    return header;
  }

  public static Optional<RatingsFormat> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(RatingsFormat::id).collect(Collectors.joining(", "));
  }
}
