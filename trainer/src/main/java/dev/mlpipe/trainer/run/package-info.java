/**
 * One training run, independent of Kafka: from a validated spec and the files of the repository
 * version it came from to a stored, evaluated model or a failure a person can act on; plus the pure
 * decisions around it (the version label, the choice of the best candidate, the reference profile,
 * the gate policy text). The trainer stage and {@code mlpipe train} both run it.
 */
package dev.mlpipe.trainer.run;
