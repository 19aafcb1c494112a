package dev.mlpipe.console.runs;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How durations and ids of runs are written for people, the same on pages and in tables. */
public final class RunFormat {

  private RunFormat() {}

  /** E.g. {@code 0.4s}, {@code 12s}, {@code 3m 05s}, {@code 2h 03m}, {@code 4d 02h}. */
  public static String duration(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long s = millis / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
  }

  /** The duration, or {@code -} when there is none. */
  public static String duration(Optional<Duration> d) {
    return d.map(RunFormat::duration).orElse("-");
  }

  /** A share as a whole percentage, or {@code -}. */
  public static String percent(Optional<Double> share) {
    return share.map(v -> String.format(Locale.ROOT, "%.0f%%", v * 100)).orElse("-");
  }

  /** The first 8 characters of an id, as {@code mlpipe watch} shows it. */
  public static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }

  /** The first 12 characters of a hash. */
  public static String shortHash(String hash) {
    return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
  }
}
