package dev.mlpipe.cli.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookCommandTest {

  @TempDir Path dir;

  @Test
  void shouldPrintTheSignatureHeaderGitHubDocumentsForItsExample() throws Exception {
    Path file = dir.resolve("payload");
    Files.writeString(file, "Hello, World!");
    CommandLineRun run =
        CommandLineRun.of(
            "webhook", "sign", "--secret", "It's a Secret to Everybody", "--file", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip())
        .isEqualTo(
            "X-Hub-Signature-256:"
                + " sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void shouldSignWithTheFirstOfARotationList() throws Exception {
    Path file = dir.resolve("payload");
    Files.writeString(file, "Hello, World!");
    CommandLineRun run =
        CommandLineRun.of(
            "webhook",
            "sign",
            "--secret",
            "It's a Secret to Everybody,the-old-secret-0123456789",
            "--file",
            file.toString());
    assertThat(run.out()).contains("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46");
  }

  @Test
  void shouldNameAFileThatCannotBeRead() {
    CommandLineRun run =
        CommandLineRun.of(
            "webhook", "sign", "--secret", "s", "--file", dir.resolve("missing.json").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("missing.json").contains("cannot be read");
  }

  @Test
  void shouldSayWhenTheBridgeCannotBeReached() throws Exception {
    Path file = dir.resolve("push.json");
    Files.writeString(file, "{}");
    CommandLineRun run =
        CommandLineRun.of(
            "webhook",
            "send",
            "--event",
            "push",
            "--file",
            file.toString(),
            "--secret",
            "a-secret-of-some-length",
            "--url",
            "http://127.0.0.1:1/webhooks/github");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:1/webhooks/github");
  }
}
