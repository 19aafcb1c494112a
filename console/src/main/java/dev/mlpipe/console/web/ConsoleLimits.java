package dev.mlpipe.console.web;

/** How much one page shows at most, so a long history stays a page a browser renders quickly. */
final class ConsoleLimits {

  /** Runs on the runs page unless asked for more. */
  static final int DEFAULT_RUNS = 200;

  /** Runs on the runs page at most. */
  static final int MAX_RUNS = 5000;

  private ConsoleLimits() {}
}
