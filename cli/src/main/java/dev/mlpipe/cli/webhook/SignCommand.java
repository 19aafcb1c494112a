package dev.mlpipe.cli.webhook;

import dev.mlpipe.webhook.signature.Signatures;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlpipe webhook sign}: the signature header GitHub would send with a payload. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the X-Hub-Signature-256 header GitHub sends with FILE under SECRET: HMAC-SHA256 of"
          + " the file's exact bytes.",
      "",
      "Example:",
      "  MLPIPE_WEBHOOK_SECRET=... mlpipe webhook sign --file push.json"
    })
public final class SignCommand implements Callable<Integer> {

  @Mixin SigningOptions signing;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Signatures.HEADER + ": " + Signatures.sign(signing.secret(), signing.payload()));
    out.flush();
    return 0;
  }
}
