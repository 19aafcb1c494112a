/**
 * The drift statistics, pure and free of Kafka: the two-sample Kolmogorov–Smirnov test, the
 * Population Stability Index and Pearson's χ² test; the mergeable window sketches they read (KLL
 * quantile sketches for numeric values, capped counts for categories, so a window's memory does not
 * grow with its traffic); and {@link dev.mlpipe.drift.stats.DriftEvaluator}, which turns a model
 * version's training reference and one window's sketches into per-feature statistics and a verdict
 * per drift kind.
 */
package dev.mlpipe.drift.stats;
