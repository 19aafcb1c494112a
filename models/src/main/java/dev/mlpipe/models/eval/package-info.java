/**
 * Evaluation of trained models on the holdout split: the metric catalogue, rating-error and top-10
 * ranking metrics for recommenders (RMSE, MAE, precision, recall, NDCG, catalogue coverage,
 * intra-list diversity), classifier metrics (precision, recall, F1, ROC AUC, PR AUC) and regressor
 * metrics (RMSE, MAE, R²), and the single-prediction latency probe; pure computations over plain
 * inputs, no I/O.
 */
package dev.mlpipe.models.eval;
