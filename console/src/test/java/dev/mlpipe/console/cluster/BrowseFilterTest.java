package dev.mlpipe.console.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrowseFilterTest {

  private static BrowsedRecord record(String key, String model, String runId) {
    return new BrowsedRecord(
        "mlpipe.commit",
        0,
        1,
        Instant.EPOCH,
        key,
        Optional.of("{}"),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.ofNullable(model),
        Optional.ofNullable(runId));
  }

  @Test
  void shouldLetEverythingThroughWhenEmptyOrBlank() {
    BrowseFilter blank = new BrowseFilter(Optional.of(" "), Optional.of(""), Optional.empty());

    assertThat(blank.isEmpty()).isTrue();
    assertThat(blank.matches(record(null, null, null))).isTrue();
  }

  @Test
  void shouldMatchTheRunByItsStartAsTheConsoleShowsShortIds() {
    BrowseFilter run =
        new BrowseFilter(Optional.empty(), Optional.empty(), Optional.of("3f1c2a9e"));

    assertThat(run.matches(record("m", "m", "3f1c2a9e-8d4b-4c6e"))).isTrue();
    assertThat(run.matches(record("m", "m", "0000"))).isFalse();
    assertThat(run.matches(record("m", null, null))).as("undecodable: no run").isFalse();
  }

  @Test
  void shouldMatchTheModelOfAnUndecodableRecordByItsKey() {
    BrowseFilter model = new BrowseFilter(Optional.empty(), Optional.of("fraud"), Optional.empty());

    assertThat(model.matches(record("fraud", null, null))).isTrue();
    assertThat(model.matches(record("churn", "churn", "r"))).isFalse();
    assertThat(
            new BrowseFilter(Optional.of("fraud"), Optional.empty(), Optional.empty())
                .matches(record("fraud-2", "fraud-2", "r")))
        .isFalse();
  }
}
