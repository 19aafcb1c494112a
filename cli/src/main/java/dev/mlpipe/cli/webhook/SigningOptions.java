package dev.mlpipe.cli.webhook;

import dev.mlpipe.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The secret to sign with and the file to sign, shared by sign and send. */
final class SigningOptions {

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      defaultValue = "${env:MLPIPE_WEBHOOK_SECRET}",
      description =
          "The webhook secret (default: the first of MLPIPE_WEBHOOK_SECRET). Prefer the variable:"
              + " a command-line argument is visible to other users of the machine.")
  String secret;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The payload as GitHub sends it (a saved delivery's JSON body).")
  Path file;

  /** The secret to sign with: the given one, or the first of a rotation list. */
  String secret() {
    if (secret == null || secret.isBlank()) {
      throw new UserError("no secret: pass --secret or set MLPIPE_WEBHOOK_SECRET", 2, null);
    }
    return secret.split(",", 2)[0].strip();
  }

  byte[] payload() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError("--file " + file + " cannot be read: " + e.getMessage(), 2, e);
    }
  }
}
