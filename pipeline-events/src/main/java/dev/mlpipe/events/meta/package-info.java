/**
 * Event metadata: the ids that let anyone follow a run from its commit to its last event (eventId,
 * runId, causationId) and who produced each event when.
 */
package dev.mlpipe.events.meta;
