/**
 * The console deployable: {@link dev.mlpipe.console.ConsoleApp} wires its configuration, the Kafka
 * clients, the event feed and the web server, and hands back a running stage whose endpoint is the
 * console's URL.
 */
package dev.mlpipe.console;
