package dev.mlpipe.webhook.signature;

/** The outcome of checking a delivery's signature, with what to tell the sender. */
public enum SignatureCheck {
  VALID("signature valid"),
  MISSING("no X-Hub-Signature-256 header; set the webhook's secret in GitHub"),
  MALFORMED("X-Hub-Signature-256 is not 'sha256=' followed by 64 hex digits"),
  MISMATCH(
      "X-Hub-Signature-256 does not match the body under any configured secret; check that GitHub"
          + " and the bridge have the same secret");

  private final String reason;

  SignatureCheck(String reason) {
    this.reason = reason;
  }

  /** Why, for the response and the log (never contains a secret). */
  public String reason() {
    return reason;
  }
}
