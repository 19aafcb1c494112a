package dev.mlpipe.cli.archfixture.beta;

import dev.mlpipe.cli.archfixture.alpha.internal.Hidden;

/** Fixture: reaches into another top-level package's internals, which the rules forbid. */
public final class Peeker {
  public int peek() {
    return Hidden.answer();
  }
}
