package dev.mlpipe.trainer.repo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the spec of a push to a repository that holds several models, each in its own directory
 * (e.g. {@code examples/<name>/mlpipe.yaml}): a webhook names one spec path for every push (the
 * repository root's {@code mlpipe.yaml} by default), but the push's changed paths tell which model
 * directory it touched. Pure: whether a file exists at the commit is asked of the caller.
 */
public final class SpecPaths {

  private SpecPaths() {}

  /**
   * The specs the changed paths belong to: for each changed path, the nearest directory above it
   * that holds a file named like {@code specPath}'s file name, in the order first touched.
   *
   * @param specPath the spec path the commit event named, e.g. {@code mlpipe.yaml}
   * @param changedPaths the paths the push changed, relative to the repository root
   * @param exists whether the commit has a file at a path relative to the repository root
   */
  public static List<String> touchedBy(
      String specPath, List<String> changedPaths, Predicate<String> exists) {
    Objects.requireNonNull(specPath, "specPath");
    Objects.requireNonNull(changedPaths, "changedPaths");
    Objects.requireNonNull(exists, "exists");
    String fileName =
        specPath.contains("/") ? specPath.substring(specPath.lastIndexOf('/') + 1) : specPath;
    Set<String> found = new LinkedHashSet<>();
    for (String changed : changedPaths) {
      String dir = parent(changed.replace('\\', '/'));
      while (dir != null) {
        String candidate = dir.isEmpty() ? fileName : dir + "/" + fileName;
        if (exists.test(candidate)) {
          found.add(candidate);
          break;
        }
        dir = dir.isEmpty() ? null : parent(dir);
      }
    }
    return new ArrayList<>(found);
  }

  /**
   * The specs a commit event asks to train: the one at {@code specPath} when the commit has it or
   * the event lists no changed paths (a missing spec is then reported by whoever reads it);
   * otherwise the specs of the model directories the changed paths touched ({@link #touchedBy}), or
   * {@code specPath} again when they touched none.
   */
  public static List<String> toTrain(
      String specPath, List<String> changedPaths, Predicate<String> exists) {
    Objects.requireNonNull(specPath, "specPath");
    Objects.requireNonNull(changedPaths, "changedPaths");
    Objects.requireNonNull(exists, "exists");
    if (changedPaths.isEmpty() || exists.test(specPath)) {
      return List.of(specPath);
    }
    List<String> touched = touchedBy(specPath, changedPaths, exists);
    return touched.isEmpty() ? List.of(specPath) : List.copyOf(touched);
  }

  /** The directory of a path, {@code ""} for the root. */
  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
