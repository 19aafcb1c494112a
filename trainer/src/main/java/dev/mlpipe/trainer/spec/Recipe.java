package dev.mlpipe.trainer.spec;

import dev.mlpipe.models.eval.ModelKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The training recipes a spec can name, with the kind of model each makes and the hyper-parameters
 * it accepts (name, range, default).
 */
public enum Recipe {
  /** Embedding matrix factorisation with user and item biases (Deeplearning4j). */
  RECOMMENDER_MF(
      "recommender-mf",
      ModelKind.RECOMMENDER,
      // Tuned on the 100K shape: a large batch and learning rate keep an epoch cheap (few
      // iterations of fixed DL4J overhead), and the penalty is per rating, as in the SGD baseline.
      List.of(
          HyperParameterDef.ofInt("rank", 1, 1024, 10),
          HyperParameterDef.ofInt("epochs", 1, 10_000, 20),
          HyperParameterDef.ofDouble("learningRate", 1e-6, 1.0, 0.1),
          HyperParameterDef.ofDouble("regularization", 0.0, 10.0, 0.12),
          HyperParameterDef.ofInt("batchSize", 1, 1_000_000, 8192),
          // Adam's step does not shrink with the gradient, so at this learning rate every extra
          // step per epoch adds noise: on the 1M shape, 98 steps of 8192 ratings per epoch gave
          // RMSE 0.75 where 10 steps give the SGD baseline's. 0 turns the cap off.
          HyperParameterDef.ofInt("maxStepsPerEpoch", 0, 1_000_000, 10))),
  /** Neural collaborative filtering: embeddings followed by an MLP (Deeplearning4j). */
  RECOMMENDER_NCF(
      "recommender-ncf",
      ModelKind.RECOMMENDER,
      concat(
          recommenderFactorParams(),
          List.of(
              HyperParameterDef.ofInt("hiddenUnits", 1, 4096, 64),
              HyperParameterDef.ofInt("hiddenLayers", 1, 8, 2)))),
  /** Plain-Java SGD matrix factorisation with biases: the baseline the other recipes must beat. */
  RECOMMENDER_SGD_MF(
      "recommender-sgd-mf",
      ModelKind.RECOMMENDER,
      List.of(
          HyperParameterDef.ofInt("rank", 1, 1024, 10),
          HyperParameterDef.ofInt("epochs", 1, 10_000, 30),
          HyperParameterDef.ofDouble("learningRate", 1e-6, 1.0, 0.01),
          HyperParameterDef.ofDouble("regularization", 0.0, 10.0, 0.05),
          HyperParameterDef.ofDouble("initStd", 0.0, 1.0, 0.1))),
  /** Multi-layer perceptron for binary classification of tabular rows (Deeplearning4j). */
  CLASSIFIER_MLP("classifier-mlp", ModelKind.CLASSIFIER, tabularParams()),
  /** Multi-layer perceptron for regression on tabular rows (Deeplearning4j). */
  REGRESSOR_MLP("regressor-mlp", ModelKind.REGRESSOR, tabularParams());

  private final String id;
  private final ModelKind kind;
  private final Map<String, HyperParameterDef> hyperParameters;

  Recipe(String id, ModelKind kind, List<HyperParameterDef> hyperParameters) {
    this.id = id;
    this.kind = kind;
    Map<String, HyperParameterDef> byName = new LinkedHashMap<>();
    hyperParameters.forEach(d -> byName.put(d.name(), d));
    this.hyperParameters = java.util.Collections.unmodifiableMap(byName);
  }

  /** The recipe's name in {@code mlpipe.yaml} and in the events, e.g. {@code recommender-mf}. */
  public String id() {
    return id;
  }

  public ModelKind kind() {
    return kind;
  }

  /** The hyper-parameters this recipe accepts, by name, in declaration order. */
  public Map<String, HyperParameterDef> hyperParameters() {
    return hyperParameters;
  }

  public static Optional<Recipe> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(Recipe::id).collect(Collectors.joining(", "));
  }

  private static List<HyperParameterDef> recommenderFactorParams() {
    return List.of(
        HyperParameterDef.ofInt("rank", 1, 1024, 10),
        HyperParameterDef.ofInt("epochs", 1, 10_000, 20),
        HyperParameterDef.ofDouble("learningRate", 1e-6, 1.0, 0.01),
        HyperParameterDef.ofDouble("regularization", 0.0, 10.0, 1e-4),
        HyperParameterDef.ofInt("batchSize", 1, 1_000_000, 1024));
  }

  // DL4J's cost is mostly per batch: fewer, larger batches (512 rows) with a larger Adam step
  // (0.005) train the tabular examples faster than 128-256 rows at 0.001-0.002, to the same
  // holdout quality (churn: 20 s instead of 57 s on the loaded 2-core machine).
  private static List<HyperParameterDef> tabularParams() {
    return List.of(
        HyperParameterDef.ofInt("hiddenUnits", 1, 4096, 32),
        HyperParameterDef.ofInt("hiddenLayers", 1, 8, 2),
        HyperParameterDef.ofInt("epochs", 1, 10_000, 15),
        HyperParameterDef.ofDouble("learningRate", 1e-6, 1.0, 0.005),
        HyperParameterDef.ofDouble("l2", 0.0, 10.0, 1e-4),
        HyperParameterDef.ofInt("batchSize", 1, 1_000_000, 512));
  }

  private static List<HyperParameterDef> concat(
      List<HyperParameterDef> a, List<HyperParameterDef> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
