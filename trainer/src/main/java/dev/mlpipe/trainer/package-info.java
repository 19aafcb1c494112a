/**
 * The trainer stage: turns a commit of a model repository into a trained, evaluated model in the
 * artifact store, announced by TrainingStarted and concluded, exactly once per commit event, by
 * TrainingFinished or TrainingFailed. {@link dev.mlpipe.trainer.TrainerApp} wires it.
 */
package dev.mlpipe.trainer;
