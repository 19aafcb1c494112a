/**
 * The gatekeeper's Kafka Streams topology: the champion of each model (the version serving 100 % of
 * production) kept from ModelDeployed and RolledBack, TrainingFinished judged against it once per
 * candidate (a store of recently issued verdicts makes re-delivery a no-op), and routed to
 * ValidationPassed or ValidationFailed. A thin shell around {@link
 * dev.mlpipe.gatekeeper.verdict.Gate} and {@link dev.mlpipe.gatekeeper.champion.ChampionRules}.
 */
package dev.mlpipe.gatekeeper.topology;
