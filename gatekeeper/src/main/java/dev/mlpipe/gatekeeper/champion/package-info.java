/**
 * Which version a candidate is compared with: the champion of each model, the version serving 100 %
 * of production, folded from ModelDeployed and RolledBack events. Pure rules, no Kafka; the
 * topology keeps their state in stores.
 */
package dev.mlpipe.gatekeeper.champion;
