package dev.mlpipe.trainer.run;

import dev.mlpipe.models.data.RatingTable;

/**
 * Adds a retrain's live feedback to the training rows of the spec's split (never to its holdout).
 */
final class FeedbackRows {

  private FeedbackRows() {}

  /** The data's rows followed by the feedback's; the data itself when there is no feedback. */
  static RatingTable appended(RatingTable data, RatingTable feedback) {
    if (feedback.size() == 0) {
      return data;
    }
    RatingTable.Builder rows = RatingTable.builder();
    for (RatingTable table : new RatingTable[] {data, feedback}) {
      for (int row = 0; row < table.size(); row++) {
        rows.add(table.user(row), table.item(row), table.rating(row), table.timestamp(row));
      }
    }
    return rows.build();
  }
}
