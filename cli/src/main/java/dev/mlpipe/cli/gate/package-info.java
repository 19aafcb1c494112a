/**
 * {@code mlpipe gate}: commands about the gatekeeper's policy, such as the backtest that replays
 * the recorded candidates through a proposed policy.
 */
package dev.mlpipe.cli.gate;
