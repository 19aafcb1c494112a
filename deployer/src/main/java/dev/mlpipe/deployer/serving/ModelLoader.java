package dev.mlpipe.deployer.serving;

import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.data.RatingTable;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads model versions from the artifact store, verifying every artifact against its SHA-256, and
 * keeps them by SHA-256 so a version loaded once (e.g. by the rollout's check) is ready at once
 * when it starts to serve, and an older one stays warm for an instant rollback.
 */
public final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private final ArtifactStore store;
  private final Map<String, ServedModel> loaded = new ConcurrentHashMap<>();

  public ModelLoader(ArtifactStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The version stored at {@code uri}, verified against {@code sha256}.
   *
   * @throws ArtifactException when it is missing, altered or not a valid artifact
   */
  public ServedModel load(String sha256, String uri) {
    ServedModel cached = loaded.get(sha256);
    if (cached != null) {
      return cached;
    }
    byte[] bytes = ArtifactStore.read(URI.create(uri), sha256);
    ModelArtifact artifact = ArtifactFormat.decode(bytes);
    ServedModel model =
        ServedModel.of(
            sha256, artifact, artifact.isTabular() ? Optional.empty() : trainingData(artifact));
    loaded.putIfAbsent(sha256, model);
    if (model.isTabular()) {
      log.info(
          "loaded model {} version {} ({} {} on {} features) from {}",
          artifact.card().model(),
          artifact.card().version(),
          artifact.card().recipe(),
          model.mlp().task(),
          model.mlp().featureNames().size(),
          uri);
      return model;
    }
    log.info(
        "loaded model {} version {} ({} users, {} items) from {}",
        artifact.card().model(),
        artifact.card().version(),
        model.users().length,
        model.catalogue().length,
        uri);
    return model;
  }

  /** Whether the artifact with that SHA-256 is loaded. */
  public boolean isLoaded(String sha256) {
    return loaded.containsKey(sha256);
  }

  private Optional<RatingTable> trainingData(ModelArtifact artifact) {
    String hash = artifact.card().dataHash();
    try {
      if (hash.matches("[0-9a-f]{64}") && store.contains(hash)) {
        return Optional.of(RatingTable.fromCanonicalBytes(store.read(hash)));
      }
    } catch (ArtifactException | IllegalArgumentException e) {
      log.warn(
          "model {} version {}: its training data {} cannot be read ({}); recommending without"
              + " excluding rated items",
          artifact.card().model(),
          artifact.card().version(),
          hash,
          e.getMessage());
    }
    return Optional.empty();
  }
}
