package dev.mlpipe.trainer.recipe;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.factor.IdIndex;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.ConstantDistribution;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix factorisation with user and item biases as a Deeplearning4j {@link ComputationGraph}: user
 * and item {@link EmbeddingLayer}s (index input) for the factors and for the biases, the
 * element-wise product of the factors merged with both biases into one linear output trained with
 * MSE and Adam on ratings centred on the training mean. After training the embeddings, the output
 * weights and the output bias are folded into a plain-Java {@link FactorModel}, so serving needs no
 * ND4J: {@code mean + b + w_u bu + w_i bi + sum_f w_f p_f q_f}.
 *
 * <p>Deterministic for the same data, settings and seed: the parameters are initialised from the
 * seed, the batches are drawn in a seeded order, and ND4J runs on one thread.
 */
public final class Dl4jMatrixFactorization {

  private static final Logger log = LoggerFactory.getLogger(Dl4jMatrixFactorization.class);

  /** Standard deviation of the initial factors: large enough that the product has a gradient. */
  static final double INIT_STD = 0.1;

  private final Dl4jMfConfig config;

  public Dl4jMatrixFactorization(Dl4jMfConfig config) {
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
    NativeRuntime.configure();
    int[] userIds = new int[n];
    int[] itemIds = new int[n];
    for (int row = 0; row < n; row++) {
      userIds[row] = train.user(row);
      itemIds[row] = train.item(row);
    }
    IdIndex users = IdIndex.of(userIds);
    IdIndex items = IdIndex.of(itemIds);
    float[] u = new float[n];
    float[] i = new float[n];
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < n; row++) {
      u[row] = users.indexOf(userIds[row]);
      i[row] = items.indexOf(itemIds[row]);
      double r = train.rating(row);
      sum += r;
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    double mean = sum / n;
    float[] centred = new float[n];
    for (int row = 0; row < n; row++) {
      centred[row] = (float) (train.rating(row) - mean);
    }

    int rank = config.rank();
    ComputationGraph graph = new ComputationGraph(graph(users.size(), items.size()));
    graph.init();

    SplittableRandom rng = new SplittableRandom(config.seed());
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    int batch = config.batchFor(n);
    float[] bu = new float[batch];
    float[] bi = new float[batch];
    float[] br = new float[batch];
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long started = System.nanoTime();
      shuffle(order, rng);
      double squared = 0;
      for (int from = 0; from < n; from += batch) {
        int size = Math.min(batch, n - from);
        for (int k = 0; k < size; k++) {
          int row = order[from + k];
          bu[k] = u[row];
          bi[k] = i[row];
          br[k] = centred[row];
        }
        INDArray userIn = column(bu, size);
        INDArray itemIn = column(bi, size);
        INDArray labels = column(br, size);
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, size, 2L * rank + 2);
        graph.fit(new INDArray[] {userIn, itemIn}, new INDArray[] {labels, zeros});
        squared += graph.score() * size;
      }
      double rmse = Math.sqrt(squared / n);
      if (!Double.isFinite(rmse)) {
        throw new TrainingDivergedException(
            "DL4J matrix factorisation diverged at epoch "
                + epoch
                + " of "
                + config.epochs()
                + " (training loss "
                + rmse
                + "); lower learningRate (now "
                + config.learningRate()
                + ") or raise regularization (now "
                + config.regularization()
                + ")");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      log.debug("DL4J MF epoch {}/{}: train RMSE {} in {}", epoch, config.epochs(), rmse, took);
      listener.onEpoch(new EpochProgress(epoch, config.epochs(), rmse, took));
    }
    return extract(graph, mean, min, max, users, items);
  }

  private ComputationGraphConfiguration graph(int userCount, int itemCount) {
    int rank = config.rank();
    int width = 2 * rank + 2;
    NormalDistribution init = new NormalDistribution(0, INIT_STD);
    // The penalty output's MSE against zeros is the mean of the squared scaled parameters of the
    // rows in the example; scaling by sqrt(regularization * width) makes it regularization times
    // their sum of squares: the per-rating L2 penalty of classic matrix factorisation.
    double scale = Math.sqrt(config.regularization() * width);
    return new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(config.learningRate()))
        .graphBuilder()
        .addInputs("user", "item")
        .addLayer("p", embedding(userCount, rank, init), "user")
        .addLayer("q", embedding(itemCount, rank, init), "item")
        .addLayer("bu", embedding(userCount, 1, new ConstantDistribution(0)), "user")
        .addLayer("bi", embedding(itemCount, 1, new ConstantDistribution(0)), "item")
        .addVertex("pq", new ElementWiseVertex(ElementWiseVertex.Op.Product), "p", "q")
        .addVertex("features", new MergeVertex(), "pq", "bu", "bi")
        // Sums the features: weights fixed at one (no updater), so the factors' scale cannot
        // escape the penalty into the output weights; the bias learns an offset to the mean.
        .addLayer(
            "rating",
            new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(rank + 2)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .weightInit(new ConstantDistribution(1.0))
                .updater(new NoOp())
                .biasUpdater(new Adam(config.learningRate()))
                .build(),
            "features")
        .addVertex("rows", new MergeVertex(), "p", "q", "bu", "bi")
        .addVertex("scaled", new ScaleVertex(scale), "rows")
        .addLayer(
            "penalty",
            new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY)
                .build(),
            "scaled")
        .setOutputs("rating", "penalty")
        .build();
  }

  private static org.deeplearning4j.nn.conf.layers.Layer embedding(
      int count, int width, org.deeplearning4j.nn.conf.distribution.Distribution init) {
    return new EmbeddingLayer.Builder()
        .nIn(count)
        .nOut(width)
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .weightInit(init)
        .build();
  }

  private FactorModel extract(
      ComputationGraph graph, double mean, double min, double max, IdIndex users, IdIndex items) {
    int rank = config.rank();
    double[] w = graph.getLayer("rating").getParam("W").castTo(DataType.DOUBLE).data().asDouble();
    double b = graph.getLayer("rating").getParam("b").getDouble(0);
    double[][] p = graph.getLayer("p").getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] q = graph.getLayer("q").getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] bu = graph.getLayer("bu").getParam("W").castTo(DataType.DOUBLE).data().asDouble();
    double[] bi = graph.getLayer("bi").getParam("W").castTo(DataType.DOUBLE).data().asDouble();
    double[] userFactors = new double[users.size() * rank];
    double[] itemFactors = new double[items.size() * rank];
    double[] userBias = new double[users.size()];
    double[] itemBias = new double[items.size()];
    for (int x = 0; x < users.size(); x++) {
      userBias[x] = w[rank] * bu[x];
      for (int f = 0; f < rank; f++) {
        userFactors[x * rank + f] = w[f] * p[x][f];
      }
    }
    for (int x = 0; x < items.size(); x++) {
      itemBias[x] = w[rank + 1] * bi[x];
      System.arraycopy(q[x], 0, itemFactors, x * rank, rank);
    }
    return FactorModel.of(
        mean + b,
        min,
        max,
        rank,
        users.ids(),
        items.ids(),
        userBias,
        itemBias,
        userFactors,
        itemFactors);
  }

  private static INDArray column(float[] values, int size) {
    float[] copy = new float[size];
    System.arraycopy(values, 0, copy, 0, size);
    return Nd4j.create(copy, new long[] {size, 1}, DataType.FLOAT);
  }

  private static void shuffle(int[] order, SplittableRandom rng) {
    for (int k = order.length - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
  }
}
