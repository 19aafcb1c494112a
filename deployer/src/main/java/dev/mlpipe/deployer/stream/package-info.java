/**
 * The Kafka shell around the rollout decisions: one Kafka Streams processor, keyed by model, reads
 * {@code mlpipe.validation-passed} and {@code mlpipe.commands}, keeps each model's rollout state in
 * a state store, and publishes ModelDeployed, RolledBack and DeploymentFailed. Kafka Streams rather
 * than a plain consumer loop because canary steps are driven by time, not by input: a wall-clock
 * punctuator fires the due checks, and under exactly_once_v2 whatever a punctuation or a record
 * changes (the events it publishes, the state store's changelog, the consumed offsets) commits in
 * one transaction. A plain consumer would need a topic of its own step events to consume back, a
 * scheduler to publish them, and a second transaction per step; here a deployer killed at any point
 * restarts from the last commit and neither repeats nor skips a transition. Instances share the
 * work by partition, the model being the key.
 */
package dev.mlpipe.deployer.stream;
