/**
 * Watching the pipeline: following its topics without joining a consumer group, and showing each
 * event as one readable line or one JSON object.
 */
package dev.mlpipe.cli.watch;
