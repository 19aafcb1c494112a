package dev.mlpipe.events.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one Prometheus registry of this process. It is added to Micrometer's global registry the
 * first time it is asked for, so whatever a stage registers there (the stage runtime's counters and
 * timers, Kafka client and Streams metrics, the console's model meters) is scraped from it, also
 * what was registered there before (a composite registry hands its meters to a new member).
 */
public final class ProcessMetrics {

  private static final PrometheusMeterRegistry REGISTRY = create();

  private ProcessMetrics() {}

  /** The process's Prometheus registry, already a member of the global registry. */
  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /** Everything registered, in Prometheus' text format. */
  public static String scrape() {
    return REGISTRY.scrape();
  }

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
    return registry;
  }
}
