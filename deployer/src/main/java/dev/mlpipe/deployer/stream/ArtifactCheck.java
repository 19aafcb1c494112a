package dev.mlpipe.deployer.stream;

import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.serving.ModelLoader;
import dev.mlpipe.deployer.serving.Predictor;
import dev.mlpipe.deployer.serving.Recommendation;
import dev.mlpipe.deployer.serving.Recommender;
import dev.mlpipe.deployer.serving.ServedModel;
import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.schemas.ValidationPassed;
import java.util.Objects;

/**
 * Checks a validated artifact before it may serve: it must be at its URI with the SHA-256 the event
 * says, decode as an mlpipe artifact of the event's model and version, and answer the smoke
 * requests (top-10 for a known user with finite scores, a popularity fallback for an unknown one).
 * A model that passes stays loaded, so it serves at once when traffic reaches it.
 */
public final class ArtifactCheck {

  private final ModelLoader loader;

  public ArtifactCheck(ModelLoader loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  public Verification verify(ValidationPassed event) {
    String sha = event.getArtifact().getSha256();
    String uri = event.getArtifact().getUri();
    ServedModel model;
    try {
      model = loader.load(sha, uri);
    } catch (ArtifactException e) {
      return Verification.refused(
          switch (e.kind()) {
                case CHECKSUM_MISMATCH -> "checksum mismatch: ";
                case NOT_FOUND -> "artifact not found: ";
                case MALFORMED -> "artifact does not load: ";
                case IO -> "artifact cannot be read: ";
              }
              + e.getMessage());
    } catch (IllegalArgumentException e) {
      return Verification.refused("artifact reference is invalid: " + e.getMessage());
    }
    if (!model.card().model().equals(event.getModel())
        || !model.card().version().equals(event.getVersion())) {
      return Verification.refused(
          "artifact "
              + sha
              + " holds model "
              + model.card().model()
              + " version "
              + model.card().version()
              + ", not "
              + event.getModel()
              + " version "
              + event.getVersion());
    }
    return smokeTest(model);
  }

  /** The requests a version must answer before it serves. */
  static Verification smokeTest(ServedModel model) {
    if (model.isTabular()) {
      return tabularSmokeTest(model);
    }
    if (model.catalogue().length == 0) {
      return Verification.refused("smoke test failed: the model has an empty catalogue");
    }
    try {
      if (model.users().length > 0) {
        int user = model.users()[0];
        Recommendation known = Recommender.recommend(model, user, 10);
        if (known.items().isEmpty() || known.fallback()) {
          return Verification.refused(
              "smoke test failed: no recommendations for known user " + user);
        }
        for (double score : known.scores()) {
          if (!Double.isFinite(score)) {
            return Verification.refused(
                "smoke test failed: user " + user + " got a non-finite score " + score);
          }
        }
      }
      Recommendation unknown = Recommender.recommend(model, Integer.MIN_VALUE, 10);
      if (unknown.items().isEmpty() || !unknown.fallback()) {
        return Verification.refused(
            "smoke test failed: an unknown user got no popularity fallback");
      }
    } catch (RuntimeException e) {
      return Verification.refused("smoke test failed: " + e);
    }
    return Verification.verified();
  }

  /** A tabular model must answer a request at its training means with a finite prediction. */
  static Verification tabularSmokeTest(ServedModel model) {
    try {
      Predictor.Prediction p = Predictor.predict(model, Predictor.sampleRequest(model.mlp()));
      if (!Double.isFinite(p.value())) {
        return Verification.refused("smoke test failed: a sample request got " + p.value());
      }
      if (p.label() != null && !(p.value() >= 0 && p.value() <= 1)) {
        return Verification.refused(
            "smoke test failed: a classifier answered probability " + p.value());
      }
    } catch (RuntimeException e) {
      return Verification.refused("smoke test failed: " + e);
    }
    return Verification.verified();
  }
}
