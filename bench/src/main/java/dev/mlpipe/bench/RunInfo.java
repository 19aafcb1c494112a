package dev.mlpipe.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where and when a benchmark ran: the figures only mean something next to the machine that produced
 * them.
 *
 * @param date when the run started (UTC)
 * @param cores processors available to the JVM
 * @param jdk the runtime's vendor and version
 * @param os operating system and architecture
 * @param loadAverage the system load average over the last minute at the start, -1 if unknown
 * @param mode "full" or "quick"
 */
public record RunInfo(
    Instant date, int cores, String jdk, String os, double loadAverage, String mode) {

  public RunInfo {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(jdk, "jdk");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(mode, "mode");
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1, was " + cores);
    }
  }

  /** This JVM and machine, now. */
  public static RunInfo current(String mode) {
    return new RunInfo(
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        mode);
  }

  /** One line for the top of the results: cores, JDK, OS, load, date, mode. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%d cores, JDK %s, %s, load average %.2f at start, %s, %s run",
        cores,
        jdk,
        os,
        loadAverage,
        date,
        mode);
  }
}
