package dev.mlpipe.trainer.spec;

import java.util.Objects;

/**
 * One hyper-parameter a recipe accepts: its name, whether it is an integer, its inclusive range and
 * the value used when a spec leaves it out.
 */
public record HyperParameterDef(
    String name, boolean integer, double min, double max, double defaultValue) {

  public HyperParameterDef {
    Objects.requireNonNull(name, "name");
    if (!(min <= defaultValue && defaultValue <= max)) {
      throw new IllegalArgumentException(
          "hyper-parameter "
              + name
              + ": default "
              + defaultValue
              + " outside ["
              + min
              + ", "
              + max
              + "]");
    }
    if (integer && defaultValue != Math.rint(defaultValue)) {
      throw new IllegalArgumentException(
          "hyper-parameter "
              + name
              + ": integer parameter with fractional default "
              + defaultValue);
    }
  }

  static HyperParameterDef ofInt(String name, int min, int max, int defaultValue) {
    return new HyperParameterDef(name, true, min, max, defaultValue);
  }

  static HyperParameterDef ofDouble(String name, double min, double max, double defaultValue) {
    return new HyperParameterDef(name, false, min, max, defaultValue);
  }

  /** The range as people write it, e.g. {@code an integer in [1, 1000]}. */
  String describe() {
    return integer
        ? "an integer in [" + (long) min + ", " + (long) max + "]"
        : "a number in [" + min + ", " + max + "]";
  }
}
