/**
 * The {@code mlpipe} command line: its entry point and the wiring of every stage for {@code up}.
 */
package dev.mlpipe.cli;
