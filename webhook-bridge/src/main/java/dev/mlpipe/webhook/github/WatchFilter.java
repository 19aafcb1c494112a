package dev.mlpipe.webhook.github;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pushes start a run. An empty list does not filter: with every list empty, every branch push
 * of every repository is watched.
 *
 * @param repositories GitHub {@code owner/name}s, compared case-insensitively as GitHub does
 * @param branches branch name globs, e.g. {@code main}, {@code release/*}
 * @param paths changed-path globs, e.g. {@code models/recsys/**}: a push is watched when at least
 *     one changed path matches
 */
public record WatchFilter(List<String> repositories, List<Glob> branches, List<Glob> paths) {

  public WatchFilter {
    repositories = List.copyOf(repositories);
    branches = List.copyOf(branches);
    paths = List.copyOf(paths);
    for (String repository : repositories) {
      if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "watched repository '" + repository + "' is not GitHub's owner/name, e.g. acme/recsys");
      }
    }
  }

  /** A filter that watches every branch push of every repository. */
  public static WatchFilter everything() {
    return new WatchFilter(List.of(), List.of(), List.of());
  }

  /** Why a push of this repository and branch is not watched; empty when it is. */
  public Optional<String> excludesRepositoryOrBranch(String repositoryName, String branch) {
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(branch, "branch");
    if (!repositories.isEmpty()
        && repositories.stream()
            .noneMatch(
                r -> r.toLowerCase(Locale.ROOT).equals(repositoryName.toLowerCase(Locale.ROOT)))) {
      return Optional.of(
          "repository " + repositoryName + " is not watched (watched: " + repositories + ")");
    }
    if (!branches.isEmpty() && branches.stream().noneMatch(g -> g.matches(branch))) {
      return Optional.of("branch " + branch + " is not watched (watched: " + branches + ")");
    }
    return Optional.empty();
  }

  /** Why a push with these changed paths is not watched; empty when it is. */
  public Optional<String> excludesPaths(Collection<String> changedPaths) {
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    if (changedPaths.isEmpty()) {
      return Optional.of(
          "the push lists no changed paths, so none matches the path filter " + paths);
    }
    for (String path : changedPaths) {
      for (Glob glob : paths) {
        if (glob.matches(path)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(
        "none of the " + changedPaths.size() + " changed path(s) matches the path filter " + paths);
  }
}
