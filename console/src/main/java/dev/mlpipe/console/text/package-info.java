/**
 * The plain-text views of runs, traces and delivery figures that {@code mlpipe runs}, {@code mlpipe
 * trace} and {@code mlpipe dora} print: aligned tables and an indented trace, with times in the
 * reader's zone.
 */
package dev.mlpipe.console.text;
