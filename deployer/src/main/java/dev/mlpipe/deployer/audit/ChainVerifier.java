package dev.mlpipe.deployer.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Recomputes each model's chain of deployment events. Kafka orders a model's events within one
 * topic only, so the chain is walked by merging the model's events of each topic partition in
 * offset order: at every step exactly one of the partitions' next events must carry the hash of the
 * last linked event (the first one: no hash). None doing so is a break (an event altered, deleted
 * or inserted); two doing so is a fork (a transition published twice). An event appended after the
 * newest one with a correct hash cannot be told apart from a real one by a hash chain alone; the
 * deployer's next event then forks from it, and the reported chain head lets an operator anchor the
 * chain elsewhere.
 */
public final class ChainVerifier {

  private ChainVerifier() {}

  /** One report per model, by model name. */
  public static List<ChainReport> verify(List<ChainLink> links) {
    Map<String, List<ChainLink>> byModel = new TreeMap<>();
    for (ChainLink link : Objects.requireNonNull(links, "links")) {
      byModel.computeIfAbsent(link.model(), m -> new ArrayList<>()).add(link);
    }
    List<ChainReport> reports = new ArrayList<>();
    byModel.forEach((model, events) -> reports.add(verifyModel(model, events)));
    return reports;
  }

  /** The report of one model's events (all of the same model). */
  static ChainReport verifyModel(String model, List<ChainLink> events) {
    Map<String, Deque<ChainLink>> partitions = new TreeMap<>();
    events.stream()
        .sorted(Comparator.comparingLong(ChainLink::offset))
        .forEach(
            l ->
                partitions
                    .computeIfAbsent(l.topic() + "-" + l.partition(), p -> new ArrayDeque<>())
                    .add(l));
    List<ChainLink> linked = new ArrayList<>();
    ChainLink last = null;
    while (partitions.values().stream().anyMatch(q -> !q.isEmpty())) {
      List<ChainLink> heads = new ArrayList<>();
      List<ChainLink> next = new ArrayList<>();
      for (Deque<ChainLink> queue : partitions.values()) {
        ChainLink head = queue.peekFirst();
        if (head == null) {
          continue;
        }
        heads.add(head);
        if (last == null ? head.previousHash() == null : last.isReferredToBy(head.previousHash())) {
          next.add(head);
        }
      }
      if (next.size() == 1) {
        ChainLink link = next.get(0);
        partitions.get(link.topic() + "-" + link.partition()).removeFirst();
        linked.add(link);
        last = link;
        continue;
      }
      String expected = last == null ? null : last.hash();
      if (next.size() > 1) {
        ChainLink second =
            next.stream()
                .sorted(Comparator.comparingLong(ChainLink::occurredAtMillis))
                .toList()
                .get(1);
        return new ChainReport.Broken(
            model,
            linked.size(),
            second,
            last,
            expected,
            second.previousHash(),
            "a fork: "
                + next.size()
                + " events follow the same event ("
                + next.stream().map(ChainLink::position).toList()
                + "), a transition published twice or an inserted event");
      }
      ChainLink at =
          heads.stream().min(Comparator.comparingLong(ChainLink::occurredAtMillis)).orElseThrow();
      return new ChainReport.Broken(
          model, linked.size(), at, last, expected, at.previousHash(), reasonFor(at, linked));
    }
    if (last == null) {
      throw new IllegalArgumentException("model " + model + ": no events to verify");
    }
    return new ChainReport.Intact(model, linked.size(), last.hash());
  }

  private static String reasonFor(ChainLink at, List<ChainLink> linked) {
    if (at.previousHash() == null) {
      return linked.isEmpty()
          ? "no event starts the chain"
          : "a second start of the chain: this event carries no previous hash";
    }
    for (ChainLink earlier : linked) {
      if (earlier.isReferredToBy(at.previousHash())) {
        return "it follows the earlier "
            + earlier.position()
            + " ("
            + earlier.summary()
            + "), which already has a successor: a fork or a replayed transition";
      }
    }
    return linked.isEmpty()
        ? "the event it follows is not in the topics: deleted (retention, deleteRecords) or"
            + " altered"
        : "the event it follows is not in the topics: the previous event was altered, or an event"
            + " between them was deleted";
  }
}
