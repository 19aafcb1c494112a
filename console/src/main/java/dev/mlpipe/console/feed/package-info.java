/**
 * The console's live view of the topics: one consumer outside any group reads the run topics from
 * the beginning (and serving traffic from now on), keeps the run events for the run pages, the
 * latest events for the overview, events per second per topic, and hands every new event to the
 * subscribed Server-Sent-Event streams.
 */
package dev.mlpipe.console.feed;
