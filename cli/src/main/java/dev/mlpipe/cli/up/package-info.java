/**
 * {@code mlpipe up}: the whole pipeline in one process on an embedded broker and registry, its
 * ready line, its live view of the events, the demo run and a clean stop.
 */
package dev.mlpipe.cli.up;
