/**
 * The metrics sink: writes the model metrics of every run (each trained version's holdout metrics,
 * and the metrics a version was deployed with, per environment) to PostgreSQL's {@code ml_metrics}
 * table, so teams that chart from SQL see what the pipeline measured. Rows are keyed by model,
 * version, run, environment and metric, and written with {@code ON CONFLICT DO NOTHING}: the
 * consumer delivers at least once (offsets are committed after the rows), and a redelivered event
 * finds its rows already there and writes none.
 */
package dev.mlpipe.console.sink;
