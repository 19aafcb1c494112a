package dev.mlpipe.models.tabular;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The declared shape of a tabular data set: its feature columns in order, the target column's name
 * and the task (binary classification or regression) the target defines.
 */
public record TabularSchema(List<Column> features, String target, TabularTask task) {

  public TabularSchema {
    features = List.copyOf(features);
    Column.requireName(target);
    Objects.requireNonNull(task, "task");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a tabular schema needs at least one feature column");
    }
    Set<String> names = new HashSet<>();
    for (Column c : features) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("column '" + c.name() + "' is declared twice");
      }
    }
    if (names.contains(target)) {
      throw new IllegalArgumentException(
          "the target '" + target + "' must not also be a feature column");
    }
  }

  /** The feature column with that name. */
  public Optional<Column> feature(String name) {
    return features.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The position of the feature column with that name, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public int featureCount() {
    return features.size();
  }
}
