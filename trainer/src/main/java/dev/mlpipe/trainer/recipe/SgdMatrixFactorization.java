package dev.mlpipe.trainer.recipe;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.factor.IdIndex;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java matrix factorisation with user and item biases trained by stochastic gradient descent
 * (Funk-style): for each rating in a seeded random order, the error {@code r - prediction} moves
 * the biases and both factor vectors against their L2 penalty. Single-threaded, so the same data,
 * settings and seed give bit-identical models.
 */
public final class SgdMatrixFactorization {

  private static final Logger log = LoggerFactory.getLogger(SgdMatrixFactorization.class);

  private final SgdMfConfig config;

  public SgdMatrixFactorization(SgdMfConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public FactorModel train(RatingTable train) throws TrainingDivergedException {
    return train(train, EpochProgress.Listener.NONE);
  }

  /**
   * Trains on every row of {@code train}.
   *
   * @throws TrainingDivergedException when the loss stops being finite (learning rate too high)
   */
  public FactorModel train(RatingTable train, EpochProgress.Listener listener)
      throws TrainingDivergedException {
    int n = train.size();
    if (n == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    int rank = config.rank();
    int[] userIds = new int[n];
    int[] itemIds = new int[n];
    for (int row = 0; row < n; row++) {
      userIds[row] = train.user(row);
      itemIds[row] = train.item(row);
    }
    IdIndex users = IdIndex.of(userIds);
    IdIndex items = IdIndex.of(itemIds);
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < n; row++) {
      u[row] = users.indexOf(userIds[row]);
      i[row] = items.indexOf(itemIds[row]);
      r[row] = train.rating(row);
      sum += r[row];
      min = Math.min(min, r[row]);
      max = Math.max(max, r[row]);
    }
    double mean = sum / n;

    SplittableRandom rng = new SplittableRandom(config.seed());
    double[] bu = new double[users.size()];
    double[] bi = new double[items.size()];
    double[] p = gaussians(rng, users.size() * rank, config.initStd());
    double[] q = gaussians(rng, items.size() * rank, config.initStd());
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    double lr = config.learningRate();
    double reg = config.regularization();

    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long started = System.nanoTime();
      shuffle(order, rng);
      double squared = 0;
      for (int k = 0; k < n; k++) {
        int row = order[k];
        int uu = u[row];
        int ii = i[row];
        int uo = uu * rank;
        int io = ii * rank;
        double dot = 0;
        for (int f = 0; f < rank; f++) {
          dot += p[uo + f] * q[io + f];
        }
        double err = r[row] - (mean + bu[uu] + bi[ii] + dot);
        squared += err * err;
        bu[uu] += lr * (err - reg * bu[uu]);
        bi[ii] += lr * (err - reg * bi[ii]);
        for (int f = 0; f < rank; f++) {
          double pf = p[uo + f];
          double qf = q[io + f];
          p[uo + f] = pf + lr * (err * qf - reg * pf);
          q[io + f] = qf + lr * (err * pf - reg * qf);
        }
      }
      double rmse = Math.sqrt(squared / n);
      if (!Double.isFinite(rmse)) {
        throw new TrainingDivergedException(
            "SGD matrix factorisation diverged at epoch "
                + epoch
                + " of "
                + config.epochs()
                + " (training loss "
                + rmse
                + "); lower learningRate (now "
                + lr
                + ") or raise regularization (now "
                + reg
                + ")");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      log.debug("SGD MF epoch {}/{}: train RMSE {} in {}", epoch, config.epochs(), rmse, took);
      listener.onEpoch(new EpochProgress(epoch, config.epochs(), rmse, took));
    }
    return new FactorModel(mean, min, max, rank, users, items, bu, bi, p, q);
  }

  private static void shuffle(int[] order, SplittableRandom rng) {
    for (int k = order.length - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
  }

  private static double[] gaussians(SplittableRandom rng, int n, double std) {
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      out[k] = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2) * std;
    }
    return out;
  }
}
