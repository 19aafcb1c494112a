/**
 * {@code mlpipe dlq}: the dead-letter topics from a terminal: what each holds with its error
 * headers, and the replay of dead letters to the topic they failed on (the console's topic pages do
 * the same with buttons).
 */
package dev.mlpipe.cli.dlq;
