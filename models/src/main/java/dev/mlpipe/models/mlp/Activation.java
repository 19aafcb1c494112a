package dev.mlpipe.models.mlp;

/** The activation functions the MLP's dense layers use. */
public enum Activation {
  IDENTITY,
  RELU,
  TANH,
  SIGMOID;

  public double apply(double x) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> x > 0 ? x : 0;
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
    };
  }
}
