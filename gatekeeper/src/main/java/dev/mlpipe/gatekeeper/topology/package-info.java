/**
 * The gatekeeper's Kafka Streams topology: TrainingFinished joined with the champion table (the
 * version serving 100 % of production, built from ModelDeployed), judged once per candidate (a
 * store of issued verdicts makes re-delivery a no-op), and routed to ValidationPassed or
 * ValidationFailed. A thin shell around {@link dev.mlpipe.gatekeeper.verdict.Gate}.
 */
package dev.mlpipe.gatekeeper.topology;
