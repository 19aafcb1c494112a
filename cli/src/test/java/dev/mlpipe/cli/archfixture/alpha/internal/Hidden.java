package dev.mlpipe.cli.archfixture.alpha.internal;

/** Fixture: an implementation detail of the top-level package "alpha". */
public final class Hidden {
  public static int answer() {
    return 42;
  }
}
