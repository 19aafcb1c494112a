package dev.mlpipe.cli.webhook;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.webhook.signature.Signatures;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe webhook send}: replays a saved delivery, signed, as GitHub would send it. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Sends FILE to the bridge the way GitHub delivers it (X-GitHub-Event, X-GitHub-Delivery,"
          + " X-Hub-Signature-256) and prints the answer. The same --delivery twice is a"
          + " redelivery: the bridge publishes it only once.",
      "",
      "Example:",
      "  mlpipe webhook send --event push --file push.json --secret $S \\",
      "      --url http://127.0.0.1:8090/webhooks/github"
    })
public final class SendCommand implements Callable<Integer> {

  /** How GitHub encodes the payload. */
  enum ContentType {
    json,
    form
  }

  @Mixin SigningOptions signing;

  @Option(
      names = "--event",
      required = true,
      paramLabel = "EVENT",
      description = "The X-GitHub-Event: push, ping, pull_request, ...")
  String event;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The bridge's webhook URL (webhook= in the ready line of `mlpipe up`).")
  URI url;

  @Option(
      names = "--delivery",
      paramLabel = "ID",
      description = "The X-GitHub-Delivery id (default: a new one; repeat one to redeliver).")
  String delivery;

  @Option(
      names = "--content-type",
      defaultValue = "json",
      description =
          "json (application/json) or form (application/x-www-form-urlencoded, payload=...);"
              + " default: ${DEFAULT-VALUE}.")
  ContentType contentType;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (url.getScheme() == null || !url.getScheme().matches("https?")) {
      throw new UserError("--url " + url + " is not an http(s) URL", 2, null);
    }
    byte[] payload = signing.payload();
    byte[] body =
        contentType == ContentType.json
            ? payload
            : ("payload="
                    + URLEncoder.encode(
                        new String(payload, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
    String id = delivery != null ? delivery : UUID.randomUUID().toString();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(15))
            .header("User-Agent", "mlpipe-webhook-send")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", id)
            .header(Signatures.HEADER, Signatures.sign(signing.secret(), body))
            .header(
                "Content-Type",
                contentType == ContentType.json
                    ? "application/json"
                    : "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserError(
          "cannot reach " + url + " (" + e + "); is the bridge running? see `mlpipe up`", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while sending to " + url, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("delivery=" + id);
    out.println("status=" + response.statusCode());
    out.println(response.body());
    out.flush();
    return response.statusCode() / 100 == 2 ? 0 : 1;
  }
}
