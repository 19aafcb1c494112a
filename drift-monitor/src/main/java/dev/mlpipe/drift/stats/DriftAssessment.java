package dev.mlpipe.drift.stats;

import java.util.List;

/**
 * Every verdict of one window.
 *
 * @param sampleSize the window's predictions
 * @param kinds one assessment per kind judged; empty when the window was too small to judge
 */
public record DriftAssessment(long sampleSize, List<KindAssessment> kinds) {

  public DriftAssessment {
    if (sampleSize < 0) {
      throw new IllegalArgumentException("sampleSize must be >= 0, was " + sampleSize);
    }
    kinds = List.copyOf(kinds);
  }

  /** The kinds with a warning or a drift: what gets published. */
  public List<KindAssessment> raised() {
    return kinds.stream().filter(k -> k.severity() != Severity.NONE).toList();
  }
}
