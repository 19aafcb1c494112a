package dev.mlpipe.models.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Evaluates tabular models from their predictions and the true targets, in row order: the one
 * computation the trainer's evaluation and the gatekeeper's re-computation both use, so an honest
 * trainer's numbers are matched to the last bit.
 */
public final class TabularEvaluator {

  private TabularEvaluator() {}

  /**
   * A classifier's metrics.
   *
   * @param scores the predicted probability of the positive class per row
   * @param labels the true label per row, 1 (positive) or 0
   * @param threshold scores at or above it are predicted positive
   */
  public static ClassifierMetrics classifier(double[] scores, double[] labels, double threshold) {
    requireSameLength(scores, labels);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean actual = isPositive(labels[i]);
      boolean predicted = scores[i] >= threshold;
      positives += actual ? 1 : 0;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new ClassifierMetrics(
        precision,
        recall,
        f1,
        rocAuc(scores, labels),
        averagePrecision(scores, labels),
        scores.length,
        positives);
  }

  /**
   * ROC AUC: the probability that a random positive scores above a random negative, ties counting
   * one half (the Mann-Whitney U statistic over mid-ranks). NaN without positives or negatives.
   */
  public static double rocAuc(double[] scores, double[] labels) {
    requireSameLength(scores, labels);
    int n = scores.length;
    Integer[] order = ascending(scores);
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based mean rank of the tie group
      for (int k = i; k <= j; k++) {
        if (isPositive(labels[order[k]])) {
          positiveRankSum += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * PR AUC as average precision: the sum over score thresholds, highest first, of the recall gained
   * at that threshold times the precision there ({@code sum (R_k - R_k-1) P_k}); rows with equal
   * scores enter together. NaN without positives.
   */
  public static double averagePrecision(double[] scores, double[] labels) {
    requireSameLength(scores, labels);
    int n = scores.length;
    long positives = Arrays.stream(labels).filter(TabularEvaluator::isPositive).count();
    if (positives == 0) {
      return Double.NaN;
    }
    Integer[] order = ascending(scores);
    double ap = 0;
    long tp = 0;
    long seen = 0;
    int i = n - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      long groupTp = 0;
      for (int k = j; k <= i; k++) {
        groupTp += isPositive(labels[order[k]]) ? 1 : 0;
      }
      tp += groupTp;
      seen += i - j + 1;
      ap += ((double) groupTp / positives) * ((double) tp / seen);
      i = j - 1;
    }
    return ap;
  }

  /**
   * The threshold among the scores that maximises F1 on these rows (ties to the higher threshold);
   * 0.5 when there are no positives.
   */
  public static double bestF1Threshold(double[] scores, double[] labels) {
    requireSameLength(scores, labels);
    int n = scores.length;
    long positives = Arrays.stream(labels).filter(TabularEvaluator::isPositive).count();
    if (positives == 0) {
      return 0.5;
    }
    Integer[] order = ascending(scores);
    double best = -1;
    double threshold = 0.5;
    long tp = 0;
    long predicted = 0;
    int i = n - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      for (int k = j; k <= i; k++) {
        tp += isPositive(labels[order[k]]) ? 1 : 0;
      }
      predicted += i - j + 1;
      double f1 = 2.0 * tp / (predicted + positives);
      if (f1 > best) {
        best = f1;
        threshold = scores[order[i]];
      }
      i = j - 1;
    }
    return threshold;
  }

  /** A regressor's RMSE, MAE and R², summed in row order. */
  public static RegressorMetrics regressor(double[] predictions, double[] targets) {
    requireSameLength(predictions, targets);
    int n = predictions.length;
    double squared = 0;
    double absolute = 0;
    double mean = 0;
    for (double t : targets) {
      mean += t;
    }
    mean /= n;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double err = targets[i] - predictions[i];
      squared += err * err;
      absolute += Math.abs(err);
      double d = targets[i] - mean;
      total += d * d;
    }
    return new RegressorMetrics(
        Math.sqrt(squared / n), absolute / n, total == 0 ? Double.NaN : 1 - squared / total, n);
  }

  private static boolean isPositive(double label) {
    return label >= 0.5;
  }

  private static Integer[] ascending(double[] scores) {
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> scores[i]))
        .toArray(Integer[]::new);
  }

  private static void requireSameLength(double[] predictions, double[] truth) {
    if (predictions.length != truth.length) {
      throw new IllegalArgumentException(
          predictions.length + " predictions for " + truth.length + " rows");
    }
    if (predictions.length == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty holdout");
    }
  }
}
