package dev.mlpipe.drift.window;

/**
 * Where one window of one model version stands.
 *
 * @param index the window's number: event time / size for time windows, a running count for count
 *     windows; windows below it are closed
 * @param start the first instant of the window (time) or the first prediction's timestamp (count)
 * @param end the first instant after the window (time) or the last prediction's timestamp (count)
 * @param count predictions in it; 0 while no prediction opened it
 */
public record WindowBounds(long index, long start, long end, long count) {

  public WindowBounds {
    if (index < 0 || count < 0) {
      throw new IllegalArgumentException(
          "window index and count must be >= 0, were " + index + " and " + count);
    }
    if (end < start) {
      throw new IllegalArgumentException("window end " + end + " is before its start " + start);
    }
  }

  /** Before the first prediction: window 0, nothing in it. */
  public static WindowBounds initial() {
    return new WindowBounds(0, 0, 0, 0);
  }

  /** True while no prediction opened the window. */
  public boolean isEmpty() {
    return count == 0;
  }
}
