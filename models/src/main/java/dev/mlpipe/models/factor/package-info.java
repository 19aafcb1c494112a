/**
 * Matrix-factorisation models as the trainer produces them and serving scores them: global mean,
 * user and item biases and factor vectors, indexed by external id, scored in plain Java.
 */
package dev.mlpipe.models.factor;
