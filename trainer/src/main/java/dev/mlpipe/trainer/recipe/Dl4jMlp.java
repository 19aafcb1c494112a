package dev.mlpipe.trainer.recipe;

import dev.mlpipe.models.eval.TabularEvaluator;
import dev.mlpipe.models.mlp.Activation;
import dev.mlpipe.models.mlp.DenseLayer;
import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-layer perceptron on tabular rows as a Deeplearning4j {@link MultiLayerNetwork}: the
 * features encoded in plain Java (numeric standardised with the training rows' mean and standard
 * deviation, categories one-hot over the {@value #MAX_CATEGORIES} most frequent plus {@code
 * __other__}), {@code hiddenLayers} ReLU layers of {@code hiddenUnits}, and one output: a sigmoid
 * trained with binary cross-entropy for a classifier, a linear unit trained with MSE on the
 * standardised target for a regressor; Adam with L2. After training the weights are copied into a
 * plain-Java {@link MlpModel}, so serving needs no ND4J. A classifier's decision threshold is the
 * one that maximises F1 on the training rows (with 0.5 % positives, 0.5 would label almost nothing
 * positive).
 *
 * <p>Deterministic for the same data, settings and seed: the parameters are initialised from the
 * seed, the batches are drawn in a seeded order, and ND4J runs on one thread.
 */
public final class Dl4jMlp {

  /** Categories kept per categorical feature; the rest share the {@code __other__} slot. */
  public static final int MAX_CATEGORIES = 100;

  private static final Logger log = LoggerFactory.getLogger(Dl4jMlp.class);

  private final Dl4jMlpConfig config;
  private final TabularTask task;

  public Dl4jMlp(Dl4jMlpConfig config, TabularTask task) {
    this.config = Objects.requireNonNull(config, "config");
    this.task = Objects.requireNonNull(task, "task");
  }

  /**
   * Trains on every row of {@code train}.
   *
   * @throws TrainingDivergedException when the loss stops being finite (learning rate too high)
   */
  public MlpModel train(TabularTable train, EpochProgress.Listener listener)
      throws TrainingDivergedException {
    int n = train.size();
    if (n == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    if (train.schema().task() != task) {
      throw new IllegalArgumentException(
          "a " + task + " recipe cannot train on " + train.schema().task() + " rows");
    }
    NativeRuntime.configure();
    List<FeatureEncoder> encoders = MlpModel.fitEncoders(train, MAX_CATEGORIES);
    double[][] x = MlpModel.encode(encoders, train);
    int width = x.length == 0 ? 0 : x[0].length;
    double[] y = train.targets();
    double targetMean = 0;
    double targetScale = 1;
    if (task == TabularTask.REGRESSION) {
      for (double v : y) {
        targetMean += v;
      }
      targetMean /= n;
      double squares = 0;
      for (double v : y) {
        squares += (v - targetMean) * (v - targetMean);
      }
      double std = Math.sqrt(squares / n);
      targetScale = std > 1e-12 ? std : 1.0;
    }

    MultiLayerNetwork net = new MultiLayerNetwork(network(width));
    net.init();

    SplittableRandom rng = new SplittableRandom(config.seed());
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    int batch = Math.min(config.batchSize(), n);
    float[] bx = new float[batch * width];
    float[] by = new float[batch];
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long started = System.nanoTime();
      shuffle(order, rng);
      double lossSum = 0;
      for (int from = 0; from < n; from += batch) {
        int size = Math.min(batch, n - from);
        for (int k = 0; k < size; k++) {
          int row = order[from + k];
          for (int f = 0; f < width; f++) {
            bx[k * width + f] = (float) x[row][f];
          }
          by[k] = (float) ((y[row] - targetMean) / targetScale);
        }
        INDArray features = matrix(bx, size, width);
        INDArray labels = matrix(by, size, 1);
        net.fit(features, labels);
        lossSum += net.score() * size;
      }
      double loss = lossSum / n;
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(
            "DL4J MLP diverged at epoch "
                + epoch
                + " of "
                + config.epochs()
                + " (training loss "
                + loss
                + "); lower learningRate (now "
                + config.learningRate()
                + ") or raise l2 (now "
                + config.l2()
                + ")");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      log.debug("DL4J MLP epoch {}/{}: training loss {} in {}", epoch, config.epochs(), loss, took);
      listener.onEpoch(new EpochProgress(epoch, config.epochs(), loss, took));
    }
    List<DenseLayer> layers = extract(net);
    MlpModel provisional =
        new MlpModel(task, train.schema().target(), encoders, layers, 0.5, targetMean, targetScale);
    if (task == TabularTask.REGRESSION) {
      return provisional;
    }
    double[] scores = new double[n];
    for (int row = 0; row < n; row++) {
      scores[row] = provisional.predictEncoded(x[row]);
    }
    double threshold = TabularEvaluator.bestF1Threshold(scores, y);
    return new MlpModel(task, train.schema().target(), encoders, layers, threshold, 0, 1);
  }

  MultiLayerConfiguration network(int inputs) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(config.seed())
            .dataType(DataType.FLOAT)
            .updater(new Adam(config.learningRate()))
            .l2(config.l2())
            .weightInit(WeightInit.RELU)
            .list();
    int in = inputs;
    for (int l = 0; l < config.hiddenLayers(); l++) {
      list.layer(
          new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder()
              .nIn(in)
              .nOut(config.hiddenUnits())
              .activation(org.nd4j.linalg.activations.Activation.RELU)
              .build());
      in = config.hiddenUnits();
    }
    boolean classifier = task == TabularTask.BINARY_CLASSIFICATION;
    list.layer(
        new OutputLayer.Builder(
                classifier ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MSE)
            .nIn(in)
            .nOut(1)
            .weightInit(WeightInit.XAVIER)
            .activation(
                classifier
                    ? org.nd4j.linalg.activations.Activation.SIGMOID
                    : org.nd4j.linalg.activations.Activation.IDENTITY)
            .build());
    return list.build();
  }

  /** The network's weights as plain-Java layers, in order. */
  List<DenseLayer> extract(MultiLayerNetwork net) {
    List<DenseLayer> layers = new ArrayList<>();
    int count = net.getnLayers();
    for (int l = 0; l < count; l++) {
      double[][] w = net.getLayer(l).getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
      double[] b = net.getLayer(l).getParam("b").castTo(DataType.DOUBLE).data().asDouble();
      int inputs = w.length;
      int outputs = w[0].length;
      double[] flat = new double[inputs * outputs];
      for (int i = 0; i < inputs; i++) {
        System.arraycopy(w[i], 0, flat, i * outputs, outputs);
      }
      Activation activation =
          l < count - 1
              ? Activation.RELU
              : task == TabularTask.BINARY_CLASSIFICATION
                  ? Activation.SIGMOID
                  : Activation.IDENTITY;
      layers.add(new DenseLayer(inputs, outputs, flat, b, activation));
    }
    return layers;
  }

  private static INDArray matrix(float[] values, int rows, int columns) {
    float[] copy = new float[rows * columns];
    System.arraycopy(values, 0, copy, 0, copy.length);
    return Nd4j.create(copy, new long[] {rows, columns}, DataType.FLOAT);
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
