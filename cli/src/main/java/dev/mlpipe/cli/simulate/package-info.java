/**
 * {@code mlpipe simulate traffic}: real recommend requests to serving at a steady rate with bounded
 * concurrency, users drawn from the seeded MovieLens generator (optionally from one of its drift
 * variants from a given moment), feedback for a share of the answers, and progress figures.
 */
package dev.mlpipe.cli.simulate;
