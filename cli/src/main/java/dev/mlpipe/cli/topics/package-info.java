/**
 * The pipeline's topics from the command line: their partitions, offsets and consumer-group lag,
 * and their idempotent creation with the registration of their schemas.
 */
package dev.mlpipe.cli.topics;
