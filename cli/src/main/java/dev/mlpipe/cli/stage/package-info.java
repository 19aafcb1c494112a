/**
 * The stages the cli knows how to start: the list {@code mlpipe up} starts in one process, and the
 * shared shape of the commands that run one stage as its own process ({@code mlpipe trainer},
 * {@code mlpipe gatekeeper}, ...).
 */
package dev.mlpipe.cli.stage;
