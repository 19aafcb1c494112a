/**
 * Publishing at most once per GitHub delivery. The event and a record of its delivery id (in the
 * compacted {@code mlpipe.webhook-deliveries} topic) are written in one Kafka transaction, so
 * either both are visible or neither; at start the bridge reads the committed delivery ids back,
 * and a delivery whose id is known is answered without publishing again. Requests are answered only
 * after the transaction committed (all in-sync replicas acknowledged). Concurrent requests are
 * committed together in one transaction (group commit), so the cost of a commit is shared.
 */
package dev.mlpipe.webhook.ledger;
