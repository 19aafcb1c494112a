/**
 * The layered configuration every deployable starts from: {@code config/base.yaml}, then {@code
 * config/<environment>.yaml} laid over it key by key, then {@code MLPIPE_...} environment
 * variables; each stage reads its section into one immutable, validated record.
 */
package dev.mlpipe.events.config;
