/**
 * Tumbling windows over a model version's predictions, by event time or by count, and the rule that
 * publishes at most one DriftDetected per model version, kind and window however often a window is
 * judged again. Pure: plain values in, decisions out; the topology keeps the state.
 */
package dev.mlpipe.drift.window;
