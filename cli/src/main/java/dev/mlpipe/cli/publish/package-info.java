/**
 * Publishing events from the command line: a commit of a model repository, or any pipeline event
 * given as JSON and checked against its schema before anything is sent.
 */
package dev.mlpipe.cli.publish;
