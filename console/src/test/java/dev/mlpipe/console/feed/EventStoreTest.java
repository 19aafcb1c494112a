package dev.mlpipe.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunStory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");
  private final EventStore store = new EventStore(Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));

  @Test
  void shouldFoldWhatWasAddedIntoRunsAndRefoldOnlyAfterNewEvents() {
    RunStory story = new RunStory("run-1", "recommender", T0);
    add(story.commit(0));

    List<Run> first = store.runs();
    assertThat(store.runs()).isSameAs(first);
    add(story.trainingStarted(1));

    assertThat(store.runs()).isNotSameAs(first);
    assertThat(store.runs().get(0).timeline()).hasSize(2);
  }

  @Test
  void shouldFoldAPageOnlyAgainAfterNewEventsAndHandRunEventsToTheirSubscribers() {
    RunStory story = new RunStory("run-2", "recommender", T0);
    List<PipelineEvent> handed = new ArrayList<>();
    store.subscribeRunEvents(handed::add);
    AtomicInteger folds = new AtomicInteger();
    Function<List<PipelineEvent>, Integer> count =
        events -> {
          folds.incrementAndGet();
          return events.size();
        };
    add(story.commit(0));

    assertThat(store.folded(count)).isEqualTo(1);
    assertThat(store.folded(count)).isEqualTo(1);
    assertThat(folds).hasValue(1);
    add(story.trainingStarted(1));

    assertThat(store.folded(count)).isEqualTo(2);
    assertThat(folds).hasValue(2);
    assertThat(handed).hasSize(2);
  }

  @Test
  void shouldHandEveryNewEventToSubscribersUntilTheyLeave() {
    List<LiveEvent> seen = new ArrayList<>();
    Runnable leave = store.subscribe(seen::add);
    RunStory story = new RunStory("run-2", "recommender", T0);

    add(story.commit(0));
    leave.run();
    add(story.trainingStarted(1));

    assertThat(seen).extracting(LiveEvent::type).containsExactly("CommitPushed");
  }

  @Test
  void shouldKeepTheLatestEventsNewestFirstAndCountThemInTheRates() {
    RunStory story = new RunStory("run-3", "recommender", T0);
    for (int i = 0; i < EventStore.LATEST + 10; i++) {
      add(story.commit(i));
    }

    assertThat(store.latest()).hasSize(EventStore.LATEST);
    assertThat(store.latest().get(0).occurredAt()).isEqualTo(story.at(EventStore.LATEST + 9));
    assertThat(store.perSecond("mlpipe.commit")).isEqualTo(31 / 60.0);
  }

  private void add(PipelineEvent e) {
    store.add(
        new LiveEvent(e.topic(), 0, 0, e.occurredAt(), e.model(), e.type(), e.runId(), "facts"),
        e,
        e.occurredAt().toEpochMilli());
  }
}
