package dev.mlpipe.models.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Makes MovieLens-shaped rating data from a seed: the shape's numbers of users, items and ratings;
 * ratings 1 to 5 (integers) from planted low-rank preferences plus user and item biases plus noise;
 * a Zipf-like item popularity skew (popular items also rated a little higher, as in the real data);
 * a skewed user activity with at least 20 ratings per user; timestamps over seven months from
 * September 1997, each user active in a window of it. The same shape and seed give the same rows on
 * every machine.
 */
public final class MovieLensGenerator {

  /** The rank of the planted preferences. */
  public static final int PLANTED_RANK = 5;

  private static final double GLOBAL_MEAN = 3.35;
  private static final double USER_BIAS_STD = 0.4;
  private static final double ITEM_BIAS_STD = 0.45;
  private static final double FACTOR_STD = 0.56; // sqrt(PLANTED_RANK) * std^2 ~ 0.7
  private static final double NOISE_STD = 0.53;
  private static final int MIN_RATINGS_PER_USER = 20;
  private static final double ZIPF_EXPONENT = 1.5;
  private static final long START_SECONDS = 874_724_710L; // 1997-09-20, as MovieLens 100K
  private static final long SPAN_SECONDS = 215L * 24 * 3600;

  private MovieLensGenerator() {}

  /** Generates the rows of {@code shape} for {@code seed}, in a shuffled order like u.data. */
  public static RatingTable generate(GeneratedShape shape, long seed) {
    return generate(shape, seed, GeneratedDrift.NONE);
  }

  /**
   * Generates the rows of {@code shape} for {@code seed} with {@code drift} applied. The random
   * numbers drawn do not depend on the variant, so a drifted table has the same rows as the
   * undrifted one except for what the variant changes (user ids, which items are popular, ratings).
   */
  public static RatingTable generate(GeneratedShape shape, long seed, GeneratedDrift drift) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(drift, "drift");
    SplittableRandom rng = new SplittableRandom(seed);
    int nUsers = shape.users();
    int nItems = shape.items();
    int nRatings = shape.ratings();

    double[] userBias = gaussians(rng, nUsers, USER_BIAS_STD);
    double[] itemBias = gaussians(rng, nItems, ITEM_BIAS_STD);
    double[] userFactors = gaussians(rng, nUsers * PLANTED_RANK, FACTOR_STD);
    double[] itemFactors = gaussians(rng, nItems * PLANTED_RANK, FACTOR_STD);

    // Popularity rank: better items tend to be more popular, with plenty of exceptions.
    double[] popularityKey = new double[nItems];
    for (int i = 0; i < nItems; i++) {
      popularityKey[i] = itemBias[i] + gaussian(rng) * 0.6;
    }
    Integer[] byPopularity = new Integer[nItems];
    for (int i = 0; i < nItems; i++) {
      byPopularity[i] = i;
    }
    Arrays.sort(byPopularity, (a, b) -> Double.compare(popularityKey[b], popularityKey[a]));
    if (drift == GeneratedDrift.POPULARITY_SHIFT) {
      Collections.reverse(Arrays.asList(byPopularity));
    }
    int userOffset = drift == GeneratedDrift.NEW_USERS ? nUsers : 0;
    double ratingShift = drift == GeneratedDrift.RATING_SCALE_SHIFT ? -1.0 : 0.0;
    double offset = nItems / 17.0;
    double[] itemWeight = new double[nItems];
    for (int rank = 0; rank < nItems; rank++) {
      itemWeight[byPopularity[rank]] = Math.pow(rank + offset, -ZIPF_EXPONENT);
    }
    double[] itemCumulative = cumulative(itemWeight);

    int[] perUser = ratingsPerUser(rng, nUsers, nItems, nRatings);

    long[] userStart = new long[nUsers];
    long[] userWindow = new long[nUsers];
    for (int u = 0; u < nUsers; u++) {
      userStart[u] = START_SECONDS + (long) (rng.nextDouble() * SPAN_SECONDS * 0.9);
      double days = -Math.log(1.0 - rng.nextDouble()) * 20.0 + 1.0;
      userWindow[u] =
          Math.min((long) (days * 24 * 3600), START_SECONDS + SPAN_SECONDS - userStart[u]);
    }

    int[] users = new int[nRatings];
    int[] items = new int[nRatings];
    float[] ratings = new float[nRatings];
    long[] timestamps = new long[nRatings];
    int row = 0;
    BitSet rated = new BitSet(nItems);
    for (int u = 0; u < nUsers; u++) {
      rated.clear();
      for (int k = 0; k < perUser[u]; k++) {
        int item;
        do {
          item = sample(itemCumulative, rng.nextDouble());
        } while (rated.get(item));
        rated.set(item);
        double dot = 0;
        for (int f = 0; f < PLANTED_RANK; f++) {
          dot += userFactors[u * PLANTED_RANK + f] * itemFactors[item * PLANTED_RANK + f];
        }
        double value =
            GLOBAL_MEAN
                + userBias[u]
                + itemBias[item]
                + dot
                + gaussian(rng) * NOISE_STD
                + ratingShift;
        users[row] = u + 1 + userOffset;
        items[row] = item + 1;
        ratings[row] = (float) Math.max(1, Math.min(5, Math.rint(value)));
        timestamps[row] = userStart[u] + (long) (rng.nextDouble() * userWindow[u]);
        row++;
      }
    }

    int[] order = new int[nRatings];
    for (int i = 0; i < nRatings; i++) {
      order[i] = i;
    }
    for (int i = nRatings - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return RatingTable.of(users, items, ratings, timestamps).select(order);
  }

  /** At least 20 per user, the rest by a log-normal activity, capped at half the catalogue. */
  private static int[] ratingsPerUser(SplittableRandom rng, int nUsers, int nItems, int total) {
    int cap = nItems / 2;
    if ((long) nUsers * MIN_RATINGS_PER_USER > total || (long) nUsers * cap < total) {
      throw new IllegalArgumentException(
          "cannot spread " + total + " ratings over " + nUsers + " users and " + nItems + " items");
    }
    int[] perUser = new int[nUsers];
    Arrays.fill(perUser, MIN_RATINGS_PER_USER);
    double[] activity = new double[nUsers];
    for (int u = 0; u < nUsers; u++) {
      activity[u] = Math.exp(gaussian(rng) * 0.8);
    }
    double[] cumulative = cumulative(activity);
    int remaining = total - nUsers * MIN_RATINGS_PER_USER;
    while (remaining > 0) {
      int u = sample(cumulative, rng.nextDouble());
      if (perUser[u] < cap) {
        perUser[u]++;
        remaining--;
      }
    }
    return perUser;
  }

  private static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int sample(double[] cumulative, double u) {
    int i = Arrays.binarySearch(cumulative, u);
    i = i >= 0 ? i : -i - 1;
    return Math.min(i, cumulative.length - 1);
  }

  private static double[] gaussians(SplittableRandom rng, int n, double std) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = gaussian(rng) * std;
    }
    return out;
  }

  /** Box-Muller on the generator's doubles, so the stream depends on nothing but the seed. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
