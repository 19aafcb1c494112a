/**
 * Events as readable JSON, for people and HTTP clients: {@code mlpipe publish --json}, {@code
 * mlpipe watch --json}, the webhook bridge's API and the console. JSON text is checked against the
 * event's Avro schema with every problem named by its field path; records are written as plain JSON
 * (unions unwrapped, timestamps as ISO-8601, enums as names), one object per line.
 */
package dev.mlpipe.events.json;
