/**
 * The bridge's HTTP server (JDK {@code com.sun.net.httpserver}, loopback by default): {@code POST
 * /webhooks/github}, {@code POST /v1/events/{event-type}} and {@code GET /v1/openapi.json}. The
 * handlers only read the request (never more than the size limit), hand it to the pure decisions,
 * publish through the ledger and answer once Kafka acknowledged.
 */
package dev.mlpipe.webhook.http;
