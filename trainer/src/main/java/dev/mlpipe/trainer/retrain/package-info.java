/**
 * Retraining the model that serves production when its data drifts or a person asks for it: which
 * version serves and where its spec lives (folded from the pipeline's own topics, so a restarted
 * trainer knows it again), whether a trigger retrains or is skipped (once per drift window, not
 * more often than the cooldown), and the live feedback that the retrained model learns from.
 */
package dev.mlpipe.trainer.retrain;
