/**
 * What a GitHub webhook delivery means for the pipeline, decided without I/O: the delivery's
 * headers and raw body go in (either content type GitHub sends), the signature is checked, the
 * payload of a push, ping or pull_request is read from GitHub's documented format, the watch filter
 * (repositories, branches, path globs) is applied, and a {@link dev.mlpipe.webhook.github.Decision}
 * comes out: publish this commit, answer the ping, accept and ignore with a reason, or reject with
 * the status and what is wrong.
 */
package dev.mlpipe.webhook.github;
