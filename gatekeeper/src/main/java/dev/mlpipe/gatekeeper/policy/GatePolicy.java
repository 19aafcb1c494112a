package dev.mlpipe.gatekeeper.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The effective policy a candidate is judged by: its rules (one per metric and comparator, sorted),
 * how the candidate's numbers are verified, and whether it is compared with the champion.
 *
 * @param rules the checks; at most one per metric and comparator, and at most one relative check
 *     per metric
 * @param verify recompute or trust the trainer's metrics
 * @param tolerance how far a re-computed metric may differ from the reported one, relative to the
 *     reported value's magnitude (at least 1): {@code |recomputed - reported| <= tolerance * max(1,
 *     |reported|)}
 * @param compareToChampion false skips the relative checks (reported as passed, not compared)
 */
public record GatePolicy(
    List<Rule> rules, VerifyMode verify, double tolerance, boolean compareToChampion) {

  public GatePolicy {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(verify, "verify");
    if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
      throw new IllegalArgumentException(
          "tolerance must be a finite number >= 0, was " + tolerance);
    }
    Set<Rule.RuleKey> keys = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Rule rule : rules) {
      Objects.requireNonNull(rule, "rules must not contain null");
      if (!keys.add(rule.key())) {
        throw new IllegalArgumentException("two rules for " + rule.key() + "; keep one");
      }
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException(
            rule.metric()
                + ": at most one comparison with the champion per metric (maxRegression or"
                + " minDelta)");
      }
    }
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(Rule::key));
    rules = List.copyOf(sorted);
  }

  /** The policy with the overlay's settings and rules laid over this one's. */
  public GatePolicy with(PolicyOverlay overlay) {
    return overlay.applyTo(this);
  }

  /**
   * The canonical text of the policy: one line per setting and per rule, sorted, numbers in Java's
   * shortest round-trip form. Two policies that judge the same way have the same text, whatever
   * their YAML looked like.
   */
  public String canonicalForm() {
    StringBuilder text = new StringBuilder();
    text.append("verify=").append(verify.key()).append('\n');
    text.append("tolerance=").append(tolerance).append('\n');
    text.append("compareToChampion=").append(compareToChampion).append('\n');
    for (Rule rule : rules) {
      text.append(rule.severity().key())
          .append(' ')
          .append(rule.metric())
          .append('.')
          .append(rule.comparator().key())
          .append('=')
          .append(rule.threshold())
          .append('\n');
    }
    return text.toString();
  }

  /** The lower-case hex SHA-256 of {@link #canonicalForm()}. */
  public String contentHash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalForm().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
