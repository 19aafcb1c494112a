/**
 * Runs folded from the pipeline's events, with no Kafka and no clock: one {@link
 * dev.mlpipe.console.runs.Run} per runId from its first event (a commit, a drift alarm, a retrain
 * command) to its last, with each stage's duration and outcome; the "why was this deployed" {@link
 * dev.mlpipe.console.runs.Trace} of a run; and the delivery (DORA) figures per model and week. The
 * console's pages and the {@code mlpipe runs / trace / dora} commands show what these compute.
 */
package dev.mlpipe.console.runs;
