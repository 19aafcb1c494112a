/**
 * The multi-layer perceptron that tabular recipes train, as plain Java that serving and the
 * gatekeeper run without Deeplearning4j: feature encoders (numeric standardisation, one-hot with an
 * {@code __other__} bucket for categories), dense layers with their activations, and a sigmoid
 * output with a decision threshold for classifiers or a de-standardised value for regressors.
 */
package dev.mlpipe.models.mlp;
