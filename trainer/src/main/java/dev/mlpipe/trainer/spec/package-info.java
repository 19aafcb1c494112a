/**
 * The training spec: a model repository's {@code mlpipe.yaml} (model name, data source, split,
 * seed, candidates with their recipes and hyper-parameters, primary metric, and the gates block the
 * gatekeeper reads), parsed into validated records with errors that name the key path and the
 * problem.
 */
package dev.mlpipe.trainer.spec;
