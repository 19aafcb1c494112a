package dev.mlpipe.models.mlp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns one input feature into the model's input numbers. */
public sealed interface FeatureEncoder {

  /** The bucket that stands for every category not seen (or too rare) in training. */
  String OTHER = "__other__";

  /** The feature's name, as in the data's header and in prediction requests. */
  String name();

  /** How many input numbers the feature becomes. */
  int width();

  /**
   * A number standardised with the training data's mean and standard deviation. {@code fill} is the
   * value a missing number stands for (fitted on the training rows as the spec's {@code missing:}
   * declares), or NaN when the feature is required.
   */
  record Numeric(String name, double mean, double scale, double fill) implements FeatureEncoder {

    /** A required number. */
    public Numeric(String name, double mean, double scale) {
      this(name, mean, scale, Double.NaN);
    }

    public Numeric {
      Objects.requireNonNull(name, "name");
      if (!Double.isFinite(mean) || !(scale > 0) || !Double.isFinite(scale)) {
        throw new IllegalArgumentException(
            "feature "
                + name
                + ": mean "
                + mean
                + " and scale "
                + scale
                + " must be finite, scale > 0");
      }
      if (Double.isInfinite(fill)) {
        throw new IllegalArgumentException(
            "feature "
                + name
                + ": the fill value of a missing number must be finite or NaN (none)");
      }
    }

    /** Whether a missing value is filled in rather than refused. */
    public boolean fillsMissing() {
      return !Double.isNaN(fill);
    }

    /** This encoder filling a missing value with {@code value}. */
    public Numeric withFill(double value) {
      return new Numeric(name, mean, scale, value);
    }

    @Override
    public int width() {
      return 1;
    }

    double encode(double value) {
      return (value - mean) / scale;
    }
  }

  /**
   * A category one-hot encoded over the categories kept from training, then one slot for {@link
   * #OTHER}: a category not among them sets that slot.
   */
  record Categorical(String name, List<String> categories, Map<String, Integer> index)
      implements FeatureEncoder {

    public Categorical(String name, List<String> categories) {
      this(name, categories, null);
    }

    public Categorical {
      Objects.requireNonNull(name, "name");
      categories = List.copyOf(categories);
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < categories.size(); i++) {
        if (categories.get(i).equals(OTHER) || byName.put(categories.get(i), i) != null) {
          throw new IllegalArgumentException(
              "feature " + name + ": category '" + categories.get(i) + "' is reserved or repeated");
        }
      }
      index = Map.copyOf(byName);
    }

    @Override
    public int width() {
      return categories.size() + 1;
    }

    /** The slot the category sets: its own, or the last ({@link #OTHER}). */
    int slot(String category) {
      Integer i = index.get(category);
      return i == null ? categories.size() : i;
    }
  }
}
