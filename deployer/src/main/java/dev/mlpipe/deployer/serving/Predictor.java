package dev.mlpipe.deployer.serving;

import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Answers a tabular model's {@code /predict}: the probability and the label of a classifier, the
 * value of a regressor, from a feature map, in plain Java.
 */
public final class Predictor {

  private Predictor() {}

  /**
   * What a tabular model predicts for one request.
   *
   * @param value the probability of the positive class (classifier) or the predicted value
   * @param label the classifier's label at its decision threshold; null for a regressor
   */
  public record Prediction(double value, Boolean label) {}

  /**
   * The prediction for a feature map.
   *
   * @throws dev.mlpipe.models.mlp.InvalidFeatureException naming the missing or bad feature
   * @throws IllegalArgumentException when the model is not a tabular one
   */
  public static Prediction predict(ServedModel model, Map<String, ?> features) {
    Objects.requireNonNull(features, "features");
    if (!model.isTabular()) {
      throw new IllegalArgumentException(
          "model " + model.card().model() + " is a recommender; ask /recommend");
    }
    MlpModel mlp = model.mlp();
    double value = mlp.predict(features);
    return new Prediction(
        value, mlp.task() == TabularTask.BINARY_CLASSIFICATION ? mlp.label(value) : null);
  }

  /**
   * A request every feature of which the model knows: each numeric feature at its training mean,
   * each categorical one at its first known category (or {@code __other__}); for smoke tests.
   */
  public static Map<String, Object> sampleRequest(MlpModel mlp) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (FeatureEncoder encoder : mlp.encoders()) {
      if (encoder instanceof FeatureEncoder.Numeric n) {
        out.put(n.name(), n.mean());
      } else {
        FeatureEncoder.Categorical c = (FeatureEncoder.Categorical) encoder;
        out.put(c.name(), c.categories().isEmpty() ? FeatureEncoder.OTHER : c.categories().get(0));
      }
    }
    return out;
  }
}
