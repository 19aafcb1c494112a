/**
 * The process's Prometheus metrics: one Micrometer registry every stage of the process registers
 * into (through {@link io.micrometer.core.instrument.Metrics#globalRegistry}), and the small HTTP
 * endpoint that serves it as {@code /metrics}, so each stage needs no exporter of its own.
 */
package dev.mlpipe.events.metrics;
