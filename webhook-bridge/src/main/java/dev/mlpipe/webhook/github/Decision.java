package dev.mlpipe.webhook.github;

import java.util.Objects;

/** What to do with a delivery. Each variant knows the HTTP status it is answered with. */
public sealed interface Decision {

  /** The HTTP status of the answer. */
  int status();

  /** A sentence for the answer's body and the log. */
  String reason();

  /** A push (or pull request) to a watched repository and branch: publish one CommitPushed. */
  record Publish(PushedCommit commit) implements Decision {
    public Publish {
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public int status() {
      return 200;
    }

    @Override
    public String reason() {
      return "commit "
          + commit.sha()
          + " of "
          + commit.repositoryName()
          + " on "
          + commit.branch()
          + " published";
    }
  }

  /** GitHub's ping when a webhook is created: answered 200, nothing published. */
  record Pong(String hookId) implements Decision {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String reason() {
      return "pong" + (hookId == null ? "" : " (hook " + hookId + ")");
    }
  }

  /** A valid delivery the pipeline does not act on (202, nothing published). */
  record Ignore(String reason) implements Decision {
    public Ignore {
      requireText(reason);
    }

    @Override
    public int status() {
      return 202;
    }
  }

  /** A delivery refused: 400 (malformed), 401 (signature), 413 (too large), 415 (content type). */
  record Reject(int status, String reason) implements Decision {
    public Reject {
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a rejection is a 4xx status, was " + status);
      }
      requireText(reason);
    }
  }

  private static void requireText(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
  }
}
