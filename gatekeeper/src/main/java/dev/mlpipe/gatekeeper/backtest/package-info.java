/**
 * Policy backtest: replays recorded candidates (TrainingFinished with the verdict the gate gave
 * then) through a proposed policy and reports, per candidate, the old and the new verdict and the
 * checks that flip, so a team sees what a threshold change would have done before adopting it.
 * Pure: the caller reads the topics.
 */
package dev.mlpipe.gatekeeper.backtest;
