package dev.mlpipe.drift.window;

/** What to do with a prediction, given the window that is open. */
public enum Placement {
  /** It belongs to the open window. */
  ADD,
  /** No window is open: it opens one. */
  START,
  /** It belongs to a later window: judge and close the open one, then open the next with it. */
  CLOSE_AND_START,
  /** It belongs to a window already closed: it is dropped (and counted). */
  LATE
}
