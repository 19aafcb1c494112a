package dev.mlpipe.trainer.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The version label of a trained model: {@code <first 10 hex of the commit>-<8 hex of the run>}. It
 * is derived only from the commit and the run id, so a trainer that crashed and trains the same
 * commit event again after a restart labels the model exactly as before, and two runs of the same
 * commit (a commit published twice, a retrain) still get distinct labels.
 */
public final class VersionLabel {

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
  private static final int SHA_CHARS = 10;

  private VersionLabel() {}

  /** The label of a run of the given commit. */
  public static String of(String commitSha, String runId) {
    Objects.requireNonNull(commitSha, "commitSha");
    if (!SHA.matcher(commitSha).matches()) {
      throw new IllegalArgumentException(
          "commit sha must be 7 to 64 hex characters, was '" + commitSha + "'");
    }
    String sha = commitSha.toLowerCase(Locale.ROOT);
    return sha.substring(0, Math.min(SHA_CHARS, sha.length())) + "-" + runHash(runId);
  }

  /** The label of a local run ({@code mlpipe train}), which has no commit: {@code local-<run>}. */
  public static String local(String runId) {
    return "local-" + runHash(runId);
  }

  private static String runHash(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
