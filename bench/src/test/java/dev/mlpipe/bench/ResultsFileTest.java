package dev.mlpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

  private static final RunInfo FIRST =
      new RunInfo(Instant.parse("2026-11-23T10:00:00Z"), 2, "JDK 17", "Linux", 1.5, "full");
  private static final RunInfo SECOND =
      new RunInfo(Instant.parse("2026-11-24T10:00:00Z"), 2, "JDK 17", "Linux", 0.5, "full");

  @TempDir Path dir;

  @Test
  void shouldReplaceRowsWithTheSameIdAndKeepTheOthers() throws Exception {
    ResultsFile results = new ResultsFile(dir);
    results.merge(
        FIRST, List.of(throughput("publish", 100, 200, FIRST), throughput("other", 5, 10, FIRST)));

    results.merge(SECOND, List.of(throughput("publish", 190, 200, SECOND)));

    List<BenchResult> rows = results.read();
    assertThat(rows).extracting(BenchResult::id).containsExactly("publish", "other");
    assertThat(rows.get(0).value()).isEqualTo(190);
    assertThat(rows.get(0).run()).isEqualTo(SECOND);
    assertThat(rows.get(1).run()).isEqualTo(FIRST);
  }

  @Test
  void shouldReadBackEveryFieldItWrote() {
    ResultsFile results = new ResultsFile(dir);
    BenchResult decode =
        new BenchResult(
            "decode-ns",
            "decode alone",
            1200,
            "ns/record",
            List.of(1100.0, 1200.0, 1300.0),
            Optional.empty(),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            List.of("one thread"),
            FIRST);
    BenchResult publish = throughput("publish", 90, 100, FIRST);

    results.merge(FIRST, List.of(publish, decode));

    assertThat(results.read()).containsExactly(publish, decode);
  }

  @Test
  void shouldWriteTheTableWithRatioGoalAndVerdict() throws Exception {
    ResultsFile results = new ResultsFile(dir);

    results.merge(
        FIRST,
        List.of(throughput("publish", 90, 100, FIRST), throughput("consume", 50, 100, FIRST)));

    String md = Files.readString(results.markdownFile());
    assertThat(md)
        .contains("| figure | value | baseline (same run) | ratio | goal | met? |")
        .contains("| publish | 90.00 records/s | 100 records/s (tool) | 0.90 | ≥ 0.80 | yes |")
        .contains("| consume | 50.00 records/s | 100 records/s (tool) | 0.50 | ≥ 0.80 | **no** |")
        .contains("2 cores, JDK JDK 17");
  }

  private static BenchResult throughput(String id, double value, double baseline, RunInfo run) {
    return BenchResult.compared(
        id,
        id,
        "records/s",
        List.of(value),
        BenchResult.Baseline.of("tool", List.of(baseline)),
        0.80,
        BenchResult.Direction.HIGHER_IS_BETTER,
        List.of("a note"),
        run);
  }
}
