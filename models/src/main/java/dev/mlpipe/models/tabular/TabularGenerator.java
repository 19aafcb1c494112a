package dev.mlpipe.models.tabular;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Makes tabular data from a seed. Each shape plants a known relationship between its features and
 * its target (a logistic model for fraud and churn, a fare formula for taxi trips) under noise, so
 * a model has something to learn and a model that ignores the features is clearly worse. The same
 * shape, seed, size and drift flag give the same rows on every machine.
 *
 * <p>The drift variant shifts the features' distribution (covariate shift): larger and more foreign
 * card payments at night, pricier month-to-month subscribers with more support calls, longer and
 * later taxi trips with more airport runs. The relationship to the target stays the same, so the
 * drift monitor sees data drift while the model stays right about each row.
 */
public final class TabularGenerator {

  /** The share of fraudulent transactions the fraud shape plants. */
  public static final double FRAUD_RATE = 0.005;

  /** The share of subscribers who churn in the churn shape. */
  public static final double CHURN_RATE = 0.265;

  static final String[] MERCHANTS = {
    "grocery", "restaurant", "fuel", "online_retail", "electronics", "travel",
    "gambling", "jewelry", "pharmacy", "entertainment", "utilities", "crypto_exchange"
  };
  private static final double[] MERCHANT_WEIGHT = {
    0.22, 0.16, 0.10, 0.18, 0.05, 0.05, 0.02, 0.01, 0.07, 0.06, 0.06, 0.02
  };
  private static final double[] MERCHANT_WEIGHT_DRIFT = {
    0.15, 0.12, 0.08, 0.26, 0.08, 0.06, 0.04, 0.02, 0.05, 0.05, 0.04, 0.05
  };
  private static final double[] MERCHANT_RISK = {
    -0.8, -0.4, -0.3, 0.6, 0.8, 0.4, 1.0, 1.2, -0.6, 0.0, -1.2, 1.8
  };
  private static final String[] COUNTRIES = {"home", "neighbour", "foreign"};
  private static final String[] CONTRACTS = {"month-to-month", "one-year", "two-year"};
  private static final String[] INTERNET = {"none", "dsl", "fiber"};
  private static final String[] PAYMENTS = {
    "electronic_check", "mailed_check", "bank_transfer", "credit_card"
  };
  private static final int ZONES = 24;

  private TabularGenerator() {}

  /** The shape's default number of rows, without drift. */
  public static TabularTable generate(TabularShape shape, long seed) {
    return generate(shape, seed, shape.defaultRows(), false);
  }

  /**
   * Generates {@code rows} rows of {@code shape}.
   *
   * @param drift whether the feature distribution is the shifted one
   */
  public static TabularTable generate(TabularShape shape, long seed, int rows, boolean drift) {
    Objects.requireNonNull(shape, "shape");
    if (rows < 10) {
      throw new IllegalArgumentException("rows must be at least 10, was " + rows);
    }
    SplittableRandom rng = new SplittableRandom(seed ^ (shape.ordinal() * 0x9E3779B97F4A7C15L));
    return switch (shape) {
      case FRAUD -> fraud(rng, rows, drift);
      case CHURN -> churn(rng, rows, drift);
      case TAXI -> taxi(rng, rows, drift);
    };
  }

  private static TabularTable fraud(SplittableRandom rng, int n, boolean drift) {
    double[][] nums = new double[n][8];
    String[][] cats = new String[n][8];
    double[] logit = new double[n];
    for (int r = 0; r < n; r++) {
      double amount = Math.exp((drift ? 4.1 : 3.5) + gaussian(rng));
      int hour = drift && rng.nextDouble() < 0.3 ? rng.nextInt(6) : dayHour(rng);
      int merchant = pick(rng, drift ? MERCHANT_WEIGHT_DRIFT : MERCHANT_WEIGHT);
      double u = rng.nextDouble();
      int country = u < (drift ? 0.80 : 0.90) ? 0 : u < (drift ? 0.88 : 0.97) ? 1 : 2;
      boolean online =
          MERCHANTS[merchant].equals("online_retail")
              || MERCHANTS[merchant].equals("crypto_exchange");
      double cardPresent = !online && rng.nextDouble() < 0.8 ? 1 : 0;
      double distance =
          -Math.log(1 - rng.nextDouble()) * 10
              + (country == 2 ? 500 + rng.nextDouble() * 4000 : 0)
              + (country == 1 ? 100 + rng.nextDouble() * 400 : 0);
      int tx = geometric(rng, drift ? 4.0 : 3.0);
      double age = 1 + rng.nextInt(3650);
      nums[r][0] = round2(amount);
      nums[r][1] = hour;
      cats[r][2] = MERCHANTS[merchant];
      cats[r][3] = COUNTRIES[country];
      nums[r][4] = cardPresent;
      nums[r][5] = round2(distance);
      nums[r][6] = tx;
      nums[r][7] = age;
      logit[r] =
          1.2 * Math.log(amount / 33.0)
              + (hour < 6 ? 1.2 : 0)
              + MERCHANT_RISK[merchant]
              + (country == 2 ? 1.8 : country == 1 ? 0.6 : 0)
              - 1.5 * cardPresent
              + 0.4 * Math.log1p(distance / 10)
              + 0.25 * (tx - 3)
              - 0.6 * Math.log(age / 365.0 + 0.1);
    }
    return labelled(TabularShape.FRAUD.schema(), rng, nums, cats, logit, FRAUD_RATE);
  }

  private static TabularTable churn(SplittableRandom rng, int n, boolean drift) {
    double[][] nums = new double[n][8];
    String[][] cats = new String[n][8];
    double[] logit = new double[n];
    for (int r = 0; r < n; r++) {
      double v = rng.nextDouble();
      int contract = v < (drift ? 0.70 : 0.55) ? 0 : v < (drift ? 0.85 : 0.76) ? 1 : 2;
      double tenure =
          contract == 0
              ? 1 + Math.min(71, Math.floor(-Math.log(1 - rng.nextDouble()) * 18))
              : 1 + rng.nextInt(72);
      double w = rng.nextDouble();
      int internet = w < 0.2 ? 0 : w < 0.55 ? 1 : 2;
      double monthly =
          Math.max(
              18,
              20
                  + (internet == 1 ? 30 : internet == 2 ? 55 : 0)
                  + 8 * gaussian(rng)
                  + (drift ? 15 : 0));
      double total = monthly * tenure * (1 + 0.05 * gaussian(rng));
      int payment = pick(rng, new double[] {0.34, 0.23, 0.22, 0.21});
      int calls = poisson(rng, drift ? 2.5 : 1.5);
      double senior = rng.nextDouble() < 0.16 ? 1 : 0;
      nums[r][0] = tenure;
      cats[r][1] = CONTRACTS[contract];
      nums[r][2] = round2(monthly);
      nums[r][3] = round2(Math.max(monthly, total));
      cats[r][4] = INTERNET[internet];
      cats[r][5] = PAYMENTS[payment];
      nums[r][6] = calls;
      nums[r][7] = senior;
      logit[r] =
          (contract == 0 ? 1.3 : contract == 1 ? -0.6 : -1.6)
              - 0.035 * tenure
              + (internet == 2 ? 0.7 : internet == 0 ? -0.5 : 0)
              + (payment == 0 ? 0.6 : 0)
              + 0.35 * calls
              + 0.3 * senior
              + 0.01 * (monthly - 65);
    }
    return labelled(TabularShape.CHURN.schema(), rng, nums, cats, logit, CHURN_RATE);
  }

  private static TabularTable taxi(SplittableRandom rng, int n, boolean drift) {
    double[] zx = new double[ZONES];
    double[] zy = new double[ZONES];
    double[] weight = new double[ZONES];
    SplittableRandom map = new SplittableRandom(20_240_601L); // the city is the same for any seed
    for (int z = 0; z < ZONES; z++) {
      zx[z] = map.nextDouble() * 12;
      zy[z] = map.nextDouble() * 20;
      weight[z] = 1.0 / (1 + z * 0.3);
    }
    // The last two zones are airports, far from the centre.
    zx[ZONES - 2] = 22;
    zy[ZONES - 2] = -6;
    zx[ZONES - 1] = 16;
    zy[ZONES - 1] = 24;
    weight[ZONES - 2] = drift ? 0.9 : 0.3;
    weight[ZONES - 1] = drift ? 0.7 : 0.25;
    TabularTable.Builder out = TabularTable.builder(TabularShape.TAXI.schema());
    double[] nums = new double[6];
    String[] cats = new String[6];
    for (int r = 0; r < n; r++) {
      int from = pick(rng, weight);
      int to = pick(rng, weight);
      double straight = Math.hypot(zx[from] - zx[to], zy[from] - zy[to]);
      double distance =
          from == to
              ? 0.5 + -Math.log(1 - rng.nextDouble()) * 1.5
              : straight * 1.3 * Math.exp(0.15 * gaussian(rng)) + 0.3;
      int hour = drift && rng.nextDouble() < 0.35 ? (20 + rng.nextInt(8)) % 24 : dayHour(rng);
      int day = rng.nextInt(7);
      int passengers = 1 + Math.min(5, geometric(rng, 0.5));
      boolean weekend = day >= 5;
      boolean rush = !weekend && ((hour >= 7 && hour <= 9) || (hour >= 16 && hour <= 19));
      boolean night = hour >= 20 || hour < 6;
      double speed = (rush ? 16 : night ? 35 : 24) + (weekend ? 4 : 0);
      double minutes = distance / speed * 60 * Math.exp(0.2 * gaussian(rng));
      boolean airport = from >= ZONES - 2 || to >= ZONES - 2;
      double fare =
          3.0
              + 1.75 * distance
              + 0.4 * minutes
              + (night ? 1.0 : 0)
              + (rush && hour >= 16 ? 2.5 : 0)
              + (airport ? 5.0 : 0)
              + 0.8 * gaussian(rng);
      nums[0] = round2(distance);
      nums[1] = hour;
      nums[2] = day;
      nums[3] = passengers;
      cats[4] = zone(from);
      cats[5] = zone(to);
      out.add(nums, cats, round2(Math.max(3.0, fare)));
    }
    return out.build();
  }

  private static String zone(int z) {
    if (z == ZONES - 2) {
      return "airport_south";
    }
    if (z == ZONES - 1) {
      return "airport_north";
    }
    return String.format(java.util.Locale.ROOT, "zone_%02d", z + 1);
  }

  /**
   * Draws each row's label from a logistic model whose intercept is solved so that the expected
   * share of positives is {@code rate}.
   */
  private static TabularTable labelled(
      TabularSchema schema,
      SplittableRandom rng,
      double[][] nums,
      String[][] cats,
      double[] logit,
      double rate) {
    DoubleUnaryOperator meanProbability =
        b -> {
          double sum = 0;
          for (double z : logit) {
            sum += sigmoid(z + b);
          }
          return sum / logit.length;
        };
    double lo = -30;
    double hi = 30;
    for (int k = 0; k < 60; k++) {
      double mid = (lo + hi) / 2;
      if (meanProbability.applyAsDouble(mid) < rate) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double intercept = (lo + hi) / 2;
    TabularTable.Builder out = TabularTable.builder(schema);
    for (int r = 0; r < logit.length; r++) {
      double label = rng.nextDouble() < sigmoid(logit[r] + intercept) ? 1 : 0;
      out.add(nums[r], cats[r], label);
    }
    return out.build();
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** An hour of the day weighted towards daytime. */
  private static int dayHour(SplittableRandom rng) {
    double h = 14 + 4.5 * gaussian(rng);
    return Math.floorMod((int) Math.floor(h), 24);
  }

  private static int pick(SplittableRandom rng, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** A count with the given mean, geometrically distributed (0, 1, 2, ...). */
  private static int geometric(SplittableRandom rng, double mean) {
    double p = 1 / (1 + mean);
    return (int) Math.floor(Math.log(1 - rng.nextDouble()) / Math.log(1 - p));
  }

  private static int poisson(SplittableRandom rng, double mean) {
    double limit = Math.exp(-mean);
    double product = rng.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= rng.nextDouble();
      k++;
    }
    return k;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
