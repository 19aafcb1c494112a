/**
 * GitHub's webhook signatures: the {@code X-Hub-Signature-256} header is {@code sha256=} and the
 * hex HMAC-SHA256 of the raw request body under the shared secret. Verification compares in
 * constant time and accepts any of several secrets, so a secret can be rotated without losing
 * deliveries.
 */
package dev.mlpipe.webhook.signature;
