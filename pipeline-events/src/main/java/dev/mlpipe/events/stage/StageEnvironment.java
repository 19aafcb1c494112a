package dev.mlpipe.events.stage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every stage is started with.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param registryUrl the Confluent-compatible schema registry
 * @param dataDir the directory this process may write to: stage state under {@code
 *     dataDir/<stage>}, the shared artifact store under {@link #artifactDir()}
 * @param environment the configuration environment, e.g. {@code dev}, {@code staging}, {@code
 *     production}; selects {@code config/<environment>.yaml}
 * @param instanceId unique among the running instances of one stage; part of transactional ids
 */
public record StageEnvironment(
    String bootstrapServers, URI registryUrl, Path dataDir, String environment, String instanceId) {

  public StageEnvironment {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(instanceId, "instanceId");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (!environment.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "environment must be a lower-case name like dev or production, was '"
              + environment
              + "'");
    }
    if (!instanceId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "instanceId may only hold letters, digits, '.', '_' and '-', was '" + instanceId + "'");
    }
  }

  /** The content-addressed artifact store shared by trainer, gatekeeper and deployer. */
  public Path artifactDir() {
    return dataDir.resolve("artifacts");
  }

  /** A directory of this stage's own, e.g. a Kafka Streams state dir. */
  public Path stageDir(String stageName) {
    return dataDir.resolve(stageName).resolve(instanceId);
  }
}
