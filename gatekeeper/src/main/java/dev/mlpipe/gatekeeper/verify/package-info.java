/**
 * Trust but verify: reads a candidate's artifact from the content-addressed store (SHA-256 checked,
 * decoded) and re-computes the critical metrics it can on the recorded evaluation split, so the
 * gate judges numbers it computed itself rather than the trainer's. File I/O and arithmetic, no
 * Kafka.
 */
package dev.mlpipe.gatekeeper.verify;
