package dev.mlpipe.drift.window;

import java.time.Duration;
import java.util.Objects;

/** How predictions are cut into tumbling windows. */
public sealed interface WindowSpec {

  /** Where a prediction with timestamp {@code timestamp} goes, given the open window. */
  Placement place(WindowBounds open, long timestamp);

  /** The window a prediction opens (after {@link Placement#START} or CLOSE_AND_START). */
  WindowBounds start(WindowBounds open, long timestamp);

  /** The open window after adding a prediction ({@link Placement#ADD}). */
  WindowBounds add(WindowBounds open, long timestamp);

  /** Whether the open window is complete at stream time {@code streamTime} and must be judged. */
  boolean isDue(WindowBounds open, long streamTime);

  /** The empty state after the open window was judged and closed. */
  default WindowBounds closed(WindowBounds open) {
    return new WindowBounds(open.index() + 1, open.end(), open.end(), 0);
  }

  /**
   * Windows of a fixed length of event time, aligned to the epoch: {@code [k * size, (k + 1) *
   * size)}. A window is judged when stream time reaches its end (grace zero); a prediction for a
   * window already judged is late and dropped, so redelivered predictions cannot open it again.
   */
  record ByTime(Duration size) implements WindowSpec {

    public ByTime {
      Objects.requireNonNull(size, "size");
      if (size.toMillis() < 1) {
        throw new IllegalArgumentException("time window size must be at least 1 ms, was " + size);
      }
    }

    private long index(long timestamp) {
      return Math.floorDiv(timestamp, size.toMillis());
    }

    @Override
    public Placement place(WindowBounds open, long timestamp) {
      long index = index(timestamp);
      if (index < open.index()) {
        return Placement.LATE;
      }
      if (open.isEmpty()) {
        return Placement.START;
      }
      return index == open.index() ? Placement.ADD : Placement.CLOSE_AND_START;
    }

    @Override
    public WindowBounds start(WindowBounds open, long timestamp) {
      long index = index(timestamp);
      long start = index * size.toMillis();
      return new WindowBounds(index, start, start + size.toMillis(), 1);
    }

    @Override
    public WindowBounds add(WindowBounds open, long timestamp) {
      return new WindowBounds(open.index(), open.start(), open.end(), open.count() + 1);
    }

    @Override
    public boolean isDue(WindowBounds open, long streamTime) {
      return !open.isEmpty() && streamTime >= open.end();
    }
  }

  /**
   * Windows of a fixed number of predictions, numbered from 0 per model version; a window's start
   * and end are its first and last prediction's timestamps. Judged as soon as it is full; no
   * prediction is ever late.
   */
  record ByCount(long size) implements WindowSpec {

    public ByCount {
      if (size < 1) {
        throw new IllegalArgumentException("count window size must be at least 1, was " + size);
      }
    }

    @Override
    public Placement place(WindowBounds open, long timestamp) {
      return open.isEmpty() ? Placement.START : Placement.ADD;
    }

    @Override
    public WindowBounds start(WindowBounds open, long timestamp) {
      return new WindowBounds(open.index(), timestamp, timestamp, 1);
    }

    @Override
    public WindowBounds add(WindowBounds open, long timestamp) {
      return new WindowBounds(
          open.index(),
          Math.min(open.start(), timestamp),
          Math.max(open.end(), timestamp),
          open.count() + 1);
    }

    @Override
    public boolean isDue(WindowBounds open, long streamTime) {
      return open.count() >= size;
    }
  }
}
