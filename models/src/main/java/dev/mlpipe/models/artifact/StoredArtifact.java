package dev.mlpipe.models.artifact;

import java.net.URI;
import java.util.Objects;

/**
 * Where a stored file is and what it is: the lower-case hex SHA-256 of its bytes, its {@code file:}
 * URI in the store, and its size.
 */
public record StoredArtifact(String sha256, URI uri, long sizeBytes) {

  public StoredArtifact {
    ArtifactStore.requireSha256(sha256);
    Objects.requireNonNull(uri, "uri");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
    }
  }
}
