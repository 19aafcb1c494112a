/**
 * Recomputing past drift windows from logged predictions ({@code mlpipe drift backfill}): the same
 * window placement, sketches and statistics as the live topology, run over records read back from
 * the prediction topic, with no state store and no event published.
 */
package dev.mlpipe.drift.backfill;
