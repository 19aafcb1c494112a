package dev.mlpipe.deployer.serving;

import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.mlp.MlpModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A model version ready to answer. A recommender: its factors, its catalogue, the items each user
 * already rated (when its training data is in the artifact store) and its most popular items for
 * unknown users. A tabular model (classifier or regressor): its plain-Java MLP, with no factors and
 * empty user, catalogue and popularity lists.
 *
 * @param version the version name
 * @param sha256 the artifact it was loaded from
 * @param card the artifact's model card
 * @param factors the factor model; null for a tabular model
 * @param users the user ids it has factors for, ascending
 * @param catalogue the item ids it can recommend, ascending
 * @param rated per user, the item ids the user rated in the training data, ascending; empty when
 *     the training data is not available (then nothing is excluded)
 * @param popular item ids by popularity, best first: by rating count when the training data is
 *     available, else by item bias
 * @param scores the factors laid out for scoring a user against the whole catalogue; null for a
 *     tabular model
 * @param mlp the tabular model; null for a recommender
 */
public record ServedModel(
    String version,
    String sha256,
    ModelCard card,
    FactorModel factors,
    int[] users,
    int[] catalogue,
    Map<Integer, int[]> rated,
    int[] popular,
    FactorScores scores,
    MlpModel mlp) {

  public ServedModel {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(card, "card");
    if ((factors == null) == (mlp == null)) {
      throw new IllegalArgumentException("a served model has factors or an MLP, exactly one");
    }
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(catalogue, "catalogue");
    rated = Map.copyOf(Objects.requireNonNull(rated, "rated"));
    Objects.requireNonNull(popular, "popular");
    if ((factors == null) != (scores == null)) {
      throw new IllegalArgumentException("a recommender's scores come with its factors");
    }
  }

  /** A served model from a decoded artifact and, when available, its training data. */
  public static ServedModel of(String sha256, ModelArtifact artifact, Optional<RatingTable> data) {
    if (artifact.isTabular()) {
      return new ServedModel(
          artifact.card().version(),
          sha256,
          artifact.card(),
          null,
          new int[0],
          new int[0],
          Map.of(),
          new int[0],
          null,
          artifact.mlp());
    }
    FactorModel f = artifact.factors();
    int[] catalogue = f.catalogue();
    Map<Integer, int[]> rated = new HashMap<>();
    Integer[] popular;
    if (data.isPresent()) {
      RatingTable t = data.get();
      Map<Integer, Integer> itemCounts = new HashMap<>();
      Map<Integer, java.util.List<Integer>> byUser = new HashMap<>();
      for (int row = 0; row < t.size(); row++) {
        byUser.computeIfAbsent(t.user(row), u -> new java.util.ArrayList<>()).add(t.item(row));
        itemCounts.merge(t.item(row), 1, Integer::sum);
      }
      byUser.forEach(
          (u, items) ->
              rated.put(
                  u, items.stream().mapToInt(Integer::intValue).sorted().distinct().toArray()));
      popular =
          IntStream.of(catalogue)
              .boxed()
              .sorted(
                  (a, b) ->
                      Integer.compare(itemCounts.getOrDefault(b, 0), itemCounts.getOrDefault(a, 0)))
              .toArray(Integer[]::new);
    } else {
      double[] bias = f.itemBiases();
      popular =
          IntStream.range(0, catalogue.length)
              .boxed()
              .sorted((a, b) -> Double.compare(bias[b], bias[a]))
              .map(i -> catalogue[i])
              .toArray(Integer[]::new);
    }
    return new ServedModel(
        artifact.card().version(),
        sha256,
        artifact.card(),
        f,
        f.users(),
        catalogue,
        rated,
        Arrays.stream(popular).mapToInt(Integer::intValue).toArray(),
        new FactorScores(f),
        null);
  }

  /** Whether this is a tabular model (answers {@code /predict}) rather than a recommender. */
  public boolean isTabular() {
    return mlp != null;
  }

  /** Whether the model has factors for the user. */
  public boolean knowsUser(int user) {
    return Arrays.binarySearch(users, user) >= 0;
  }

  /** Whether the user rated the item in the training data. */
  public boolean hasRated(int user, int item) {
    int[] items = rated.get(user);
    return items != null && Arrays.binarySearch(items, item) >= 0;
  }
}
