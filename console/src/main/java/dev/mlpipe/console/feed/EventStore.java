package dev.mlpipe.console.feed;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.events.topic.Topics;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the feed has read: the run events (folded into runs on demand, cached until the next event),
 * the latest events of every topic, and the rates. Subscribers get every new event as it is added.
 * Thread-safe.
 */
public final class EventStore {

  private static final Logger log = LoggerFactory.getLogger(EventStore.class);

  /** How many of the latest events the overview shows. */
  public static final int LATEST = 50;

  private final Clock clock;
  private final RateMeter rates = new RateMeter();
  private final List<PipelineEvent> runEvents = new ArrayList<>();
  private final Deque<LiveEvent> latest = new ArrayDeque<>();
  private final Map<String, Long> totals = new TreeMap<>();
  private final List<Consumer<LiveEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final List<Consumer<PipelineEvent>> runEventSubscribers = new CopyOnWriteArrayList<>();
  private final Map<Function<List<PipelineEvent>, ?>, Folded> folds = new HashMap<>();
  private List<Run> runs = List.of();
  private boolean runsStale;
  private int foldedEvents;

  public EventStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Adds an event read from Kafka.
   *
   * @param live the event for the live list
   * @param runEvent the decoded event when it belongs to runs (not serving traffic, not a dead
   *     letter), else null
   * @param timestampMillis the record's timestamp, for the rates
   */
  public void add(LiveEvent live, PipelineEvent runEvent, long timestampMillis) {
    rates.record(live.topic(), timestampMillis);
    synchronized (this) {
      totals.merge(live.topic(), 1L, Long::sum);
      if (runEvent != null) {
        runEvents.add(runEvent);
        runsStale = true;
      }
      latest.addFirst(live);
      while (latest.size() > LATEST) {
        latest.removeLast();
      }
    }
    if (runEvent != null) {
      for (Consumer<PipelineEvent> subscriber : runEventSubscribers) {
        subscriber.accept(runEvent);
      }
    }
    for (Consumer<LiveEvent> subscriber : subscribers) {
      try {
        subscriber.accept(live);
      } catch (RuntimeException e) {
        log.warn("a live-event subscriber failed and was dropped: {}", e.toString());
        subscribers.remove(subscriber);
      }
    }
  }

  /**
   * Every run, oldest first. Folding happens outside the lock, so a long history never holds up the
   * feed (and with it the live stream).
   */
  public List<Run> runs() {
    List<PipelineEvent> snapshot;
    synchronized (this) {
      if (!runsStale) {
        return runs;
      }
      snapshot = List.copyOf(runEvents);
      runsStale = false;
    }
    List<Run> folded = Runs.fold(snapshot);
    synchronized (this) {
      // Keep the newest fold: another request may have folded a longer history meanwhile.
      if (snapshot.size() >= foldedEvents) {
        runs = folded;
        foldedEvents = snapshot.size();
      }
      return runs;
    }
  }

  /**
   * {@code fold} over every run event, computed again only when events were added since the last
   * time it was asked for: a page asked for twice between two events folds once. Pass the same
   * function object each time (a method reference held in a constant), it is the cache key.
   */
  @SuppressWarnings("unchecked")
  public <T> T folded(Function<List<PipelineEvent>, T> fold) {
    List<PipelineEvent> snapshot;
    synchronized (this) {
      Folded cached = folds.get(fold);
      if (cached != null && cached.events() == runEvents.size()) {
        return (T) cached.value();
      }
      snapshot = List.copyOf(runEvents);
    }
    T value = fold.apply(snapshot);
    synchronized (this) {
      Folded cached = folds.get(fold);
      if (cached == null || cached.events() <= snapshot.size()) {
        folds.put(fold, new Folded(snapshot.size(), value));
      }
    }
    return value;
  }

  private record Folded(int events, Object value) {}

  /**
   * Calls {@code subscriber} on the feed's thread with every run event added from now on (it must
   * not block); for figures kept up to date event by event.
   */
  public void subscribeRunEvents(Consumer<PipelineEvent> subscriber) {
    runEventSubscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
  }

  /** Every run event read so far, in the order read. */
  public synchronized List<PipelineEvent> events() {
    return List.copyOf(runEvents);
  }

  /** How many records the feed read per topic since the console started, by topic name. */
  public synchronized Map<String, Long> totals() {
    return Map.copyOf(totals);
  }

  /** The latest events, newest first. */
  public synchronized List<LiveEvent> latest() {
    return List.copyOf(latest);
  }

  /** Events per second of a topic over the last minute. */
  public double perSecond(String topic) {
    return rates.perSecond(topic, clock.millis());
  }

  /** Events per second of every pipeline topic, in catalogue order. */
  public List<TopicRate> rates() {
    List<TopicRate> out = new ArrayList<>();
    Topics.ALL.forEach(t -> out.add(new TopicRate(t.name(), perSecond(t.name()))));
    return out;
  }

  /** A topic's rate. */
  public record TopicRate(String topic, double perSecond) {}

  /**
   * Calls {@code subscriber} (on the feed's thread: it must not block) with every event added from
   * now on, until the returned action is run.
   */
  public Runnable subscribe(Consumer<LiveEvent> subscriber) {
    subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    return () -> subscribers.remove(subscriber);
  }
}
