/**
 * The console's web pages, rendered on the server from what the feed and the cluster view hold:
 * Overview, Topics (with message browsing and dead letters), Runs (with a run's timeline and every
 * payload) and Delivery; a Server-Sent-Events stream of new events; and the access rule (reading is
 * free on loopback, a bearer token is needed elsewhere and for every change). No CDN: the one
 * stylesheet and script come from the jar.
 */
package dev.mlpipe.console.web;
