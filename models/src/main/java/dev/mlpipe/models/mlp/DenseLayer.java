package dev.mlpipe.models.mlp;

import java.util.Objects;

/**
 * A fully connected layer: {@code y_j = activation(b_j + sum_i x_i W[i][j])}. The weights are
 * {@code inputs x outputs}, row-major (row i holds input i's weights to every output), the layout
 * of Deeplearning4j's {@code W} parameter.
 */
public record DenseLayer(
    int inputs, int outputs, double[] weights, double[] bias, Activation activation) {

  public DenseLayer {
    if (inputs < 1 || outputs < 1) {
      throw new IllegalArgumentException(
          "a dense layer needs at least one input and output, got " + inputs + " x " + outputs);
    }
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (weights.length != (long) inputs * outputs || bias.length != outputs) {
      throw new IllegalArgumentException(
          "a "
              + inputs
              + " x "
              + outputs
              + " layer needs "
              + (long) inputs * outputs
              + " weights and "
              + outputs
              + " biases, got "
              + weights.length
              + " and "
              + bias.length);
    }
    for (double w : weights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("a dense layer's weights must be finite, found " + w);
      }
    }
    for (double b : bias) {
      if (!Double.isFinite(b)) {
        throw new IllegalArgumentException("a dense layer's biases must be finite, found " + b);
      }
    }
    weights = weights.clone();
    bias = bias.clone();
  }

  /** Writes the layer's output for {@code x} into {@code y}. */
  void forward(double[] x, double[] y) {
    for (int j = 0; j < outputs; j++) {
      y[j] = bias[j];
    }
    for (int i = 0; i < inputs; i++) {
      double xi = x[i];
      if (xi == 0) {
        continue; // one-hot inputs are mostly zero
      }
      int base = i * outputs;
      for (int j = 0; j < outputs; j++) {
        y[j] += xi * weights[base + j];
      }
    }
    for (int j = 0; j < outputs; j++) {
      y[j] = activation.apply(y[j]);
    }
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] bias() {
    return bias.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseLayer d
        && inputs == d.inputs
        && outputs == d.outputs
        && activation == d.activation
        && java.util.Arrays.equals(weights, d.weights)
        && java.util.Arrays.equals(bias, d.bias);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        inputs,
        outputs,
        activation,
        java.util.Arrays.hashCode(weights),
        java.util.Arrays.hashCode(bias));
  }

  @Override
  public String toString() {
    return "DenseLayer[" + inputs + " x " + outputs + ", " + activation + "]";
  }
}
