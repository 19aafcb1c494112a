/**
 * Fixtures for the architecture rules' own tests: two top-level packages, "alpha" with an internal
 * package, and "beta", which reaches into it.
 */
package dev.mlpipe.cli.archfixture;
