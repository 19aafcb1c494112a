/**
 * The gate policy and its pure evaluation: the checks a candidate must pass (absolute thresholds
 * and comparisons with the champion, critical or warning), the defaults per model kind, the parser
 * of a repository's {@code gates:} section laid over them, the policy's content hash, and the
 * evaluation of a candidate's metrics into a report with one line per check. No Kafka, no I/O.
 */
package dev.mlpipe.gatekeeper.policy;
