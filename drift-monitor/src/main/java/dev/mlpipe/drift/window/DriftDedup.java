package dev.mlpipe.drift.window;

/**
 * At most one DriftDetected per model version, kind and window: a window is published only when its
 * index is above the last one published for that version and kind. Remembering one number per
 * version and kind is enough because windows close in index order.
 */
public final class DriftDedup {

  private DriftDedup() {}

  /**
   * Whether a verdict for window {@code windowIndex} is new.
   *
   * @param lastPublished the last window index published for this version and kind, or null when
   *     none was
   */
  public static boolean shouldPublish(Long lastPublished, long windowIndex) {
    return lastPublished == null || windowIndex > lastPublished;
  }
}
