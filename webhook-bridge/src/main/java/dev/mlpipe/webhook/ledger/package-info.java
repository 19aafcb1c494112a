/**
 * Publishing at most once per key (a GitHub delivery id, or an events API Idempotency-Key), also
 * across several bridge instances. The event and a record of its key (in the compacted {@code
 * mlpipe.webhook-deliveries} topic) are written in one Kafka transaction, so either both are
 * visible or neither; a key's record goes to the ledger partition its hash names and is written
 * only under that partition's transactional id, shared by every instance, so that of two instances
 * publishing the same key at once one is fenced, re-reads the ledger and answers as a redelivery.
 * Requests are answered only after the transaction committed (all in-sync replicas acknowledged);
 * concurrent requests are committed together (group commit), so the cost of a commit is shared.
 */
package dev.mlpipe.webhook.ledger;
