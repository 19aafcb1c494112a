/**
 * The model registry as the console shows it, folded from the events with no Kafka and no clock:
 * per model, every version with its state and traffic share in each environment, its metrics and
 * the gate's report ({@link dev.mlpipe.console.models.ModelBoard}); each feature's drift statistic
 * over time ({@link dev.mlpipe.console.models.DriftSeries}); and the commands the console's buttons
 * publish ({@link dev.mlpipe.console.models.CommandRequest}).
 */
package dev.mlpipe.console.models;
