package dev.mlpipe.gatekeeper.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one layer of configuration says about the policy (e.g. a repository's {@code gates:}
 * section): rules that replace the lower layer's rule with the same metric and comparator, rules it
 * removes, and the settings it overrides.
 */
public record PolicyOverlay(
    List<Rule> rules,
    Set<Rule.RuleKey> removed,
    Optional<VerifyMode> verify,
    Optional<Double> tolerance,
    Optional<Boolean> compareToChampion) {

  public PolicyOverlay {
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    removed = Set.copyOf(Objects.requireNonNull(removed, "removed"));
    Objects.requireNonNull(verify, "verify");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(compareToChampion, "compareToChampion");
  }

  /** An overlay that changes nothing. */
  public static PolicyOverlay empty() {
    return new PolicyOverlay(
        List.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The base policy with this layer on top. */
  public GatePolicy applyTo(GatePolicy base) {
    Map<Rule.RuleKey, Rule> merged = new LinkedHashMap<>();
    base.rules().forEach(rule -> merged.put(rule.key(), rule));
    removed.forEach(merged::remove);
    for (Rule rule : rules) {
      merged.put(rule.key(), rule);
      if (rule.comparator().relative()) {
        // A layer that picks one kind of champion comparison replaces the other kind below it.
        for (Comparator other : Comparator.values()) {
          if (other.relative() && other != rule.comparator()) {
            merged.remove(new Rule.RuleKey(rule.metric(), other));
          }
        }
      }
    }
    return new GatePolicy(
        List.copyOf(merged.values()),
        verify.orElse(base.verify()),
        tolerance.orElse(base.tolerance()),
        compareToChampion.orElse(base.compareToChampion()));
  }
}
