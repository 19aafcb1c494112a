/**
 * Publishing pipeline events over HTTP for CI systems and other tools ({@code POST
 * /v1/events/{event-type}}): which event types there are (one per catalogue topic), who may publish
 * which (bearer tokens with scopes), the decision about one request (JSON checked against the
 * event's Avro schema, every bad field named), and the OpenAPI description of it all. Pure; the
 * HTTP server and Kafka are elsewhere.
 */
package dev.mlpipe.webhook.api;
