package dev.mlpipe.cli.archfixture.alpha;

import dev.mlpipe.cli.archfixture.alpha.internal.Hidden;

/** Fixture: uses the internals of its own top-level package, which is allowed. */
public final class Friend {
  public int ask() {
    return Hidden.answer();
  }
}
