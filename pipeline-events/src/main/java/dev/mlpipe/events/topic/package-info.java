/**
 * The topic catalogue: every pipeline topic as a typed constant with its name, value type and
 * creation settings, and the idempotent setup that creates them.
 */
package dev.mlpipe.events.topic;
