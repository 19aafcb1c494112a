package dev.mlpipe.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.factor.FactorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

  @TempDir Path dir;

  static ModelArtifact sampleArtifact() {
    FactorModel factors =
        FactorModel.of(
            3.5,
            1,
            5,
            2,
            new int[] {1, 2},
            new int[] {10, 20, 30},
            new double[] {0.1, -0.1},
            new double[] {0.2, 0.0, -0.2},
            new double[] {0.1, 0.2, 0.3, 0.4},
            new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0});
    ModelCard card =
        new ModelCard(
            "movielens-recsys",
            "v1",
            "recommender-sgd-mf",
            Map.of("rank", "2"),
            "a".repeat(40),
            "run-1",
            "d".repeat(64),
            "e".repeat(64),
            Map.of("rmse", 0.9, "mae", 0.7),
            Instant.parse("2026-11-23T12:00:00Z"));
    return new ModelArtifact(card, factors);
  }

  @Test
  void shouldReadBackTheSameModelAndCardThatWereStored() {
    ArtifactStore store = ArtifactStore.at(dir);
    ModelArtifact artifact = sampleArtifact();

    StoredArtifact stored = ArtifactFormat.store(store, artifact);
    ModelArtifact loaded = ArtifactFormat.load(store, stored.sha256());

    assertThat(stored.uri()).isEqualTo(dir.resolve("sha256").resolve(stored.sha256()).toUri());
    assertThat(loaded.card()).isEqualTo(artifact.card());
    assertThat(loaded.factors().predict(2, 30)).isEqualTo(artifact.factors().predict(2, 30));
    assertThat(loaded.factors().catalogue()).containsExactly(10, 20, 30);
  }

  @Test
  void shouldEncodeTheSameArtifactToTheSameBytes() {
    assertThat(ArtifactFormat.encode(sampleArtifact()))
        .isEqualTo(ArtifactFormat.encode(sampleArtifact()));
  }

  @Test
  void shouldStoreTheSameBytesOnceAtTheirHash() throws IOException {
    ArtifactStore store = ArtifactStore.at(dir);
    byte[] content = "some model".getBytes();

    StoredArtifact first = store.put(content);
    StoredArtifact second = store.put(content);

    assertThat(second).isEqualTo(first);
    assertThat(first.sha256()).isEqualTo(ArtifactStore.sha256(content));
    assertThat(first.sizeBytes()).isEqualTo(content.length);
    try (var files = Files.list(dir.resolve("sha256"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void shouldRefuseATamperedArtifactNamingBothHashes() throws IOException {
    ArtifactStore store = ArtifactStore.at(dir);
    StoredArtifact stored = ArtifactFormat.store(store, sampleArtifact());
    byte[] bytes = Files.readAllBytes(store.pathOf(stored.sha256()));
    bytes[bytes.length - 1] ^= 1;
    Files.write(store.pathOf(stored.sha256()), bytes);

    assertThatThrownBy(() -> ArtifactFormat.load(store, stored.sha256()))
        .isInstanceOfSatisfying(
            ArtifactException.class,
            e -> assertThat(e.kind()).isEqualTo(ArtifactException.Kind.CHECKSUM_MISMATCH))
        .hasMessageContaining(stored.sha256())
        .hasMessageContaining(ArtifactStore.sha256(bytes));
  }

  @Test
  void shouldReportAMissingArtifactAsNotFound() {
    String absent = "0".repeat(64);
    assertThatThrownBy(() -> ArtifactStore.at(dir).read(absent))
        .isInstanceOfSatisfying(
            ArtifactException.class,
            e -> assertThat(e.kind()).isEqualTo(ArtifactException.Kind.NOT_FOUND))
        .hasMessageContaining(absent);
  }

  @Test
  void shouldRefuseTruncatedOrForeignBytesAsMalformed() {
    byte[] full = ArtifactFormat.encode(sampleArtifact());
    byte[] truncated = Arrays.copyOf(full, full.length - 9);

    assertThatThrownBy(() -> ArtifactFormat.decode(truncated))
        .isInstanceOfSatisfying(
            ArtifactException.class,
            e -> assertThat(e.kind()).isEqualTo(ArtifactException.Kind.MALFORMED))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> ArtifactFormat.decode("PK\u0003\u0004 a zip".getBytes()))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("MLPIPE-ARTIFACT/1");
  }

  @Test
  void shouldFindAnEvaluationSplitAgainByTheTablesHash() {
    RatingTable holdout =
        RatingTable.of(
            new int[] {1, 2}, new int[] {10, 20}, new float[] {4f, 2.5f}, new long[] {7L, 8L});
    ArtifactStore store = ArtifactStore.at(dir);

    StoredArtifact stored = store.put(holdout.toCanonicalBytes());
    RatingTable back = RatingTable.fromCanonicalBytes(store.read(holdout.sha256()));

    assertThat(stored.sha256()).isEqualTo(holdout.sha256());
    assertThat(back.sha256()).isEqualTo(holdout.sha256());
    assertThat(back.rating(1)).isEqualTo(2.5f);
  }

  @Test
  void shouldRefuseAShaThatIsNotSixtyFourHexDigits() {
    assertThatThrownBy(() -> ArtifactStore.at(dir).read("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex digits");
  }
}
