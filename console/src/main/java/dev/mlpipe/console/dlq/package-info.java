/**
 * Dead-letter topics for operators: what each holds, with the error headers the stage runtime and
 * Kafka Streams write, and the replay of a dead letter (its original key, value and headers, sent
 * back to the topic it failed on, marked as a replay) after the cause was fixed. The console's
 * topic pages and {@code mlpipe dlq} use it.
 */
package dev.mlpipe.console.dlq;
