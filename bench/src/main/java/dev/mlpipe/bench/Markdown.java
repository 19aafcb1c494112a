package dev.mlpipe.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders results as the Markdown the README shows: the table, then how each row was measured. */
final class Markdown {

  private Markdown() {}

  static String render(RunInfo lastRun, List<BenchResult> rows) {
    StringBuilder md = new StringBuilder();
    md.append("# mlpipe benchmarks\n\n");
    md.append("Latest run: ")
        .append(lastRun.describe())
        .append(
            String.format(
                Locale.ROOT,
                "; load average %.2f at the end",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append(".\n\n");
    md.append(
        "Each baseline is Kafka's own tool measured in the same run, against the same in-process"
            + " broker, so only the ratio carries over to other machines. Produced by `bench/run`;"
            + " values are medians of the runs listed below, and a ratio is the median of the per-run ratios (each run measures the paths back to back).\n\n");
    md.append("| figure | value | baseline (same run) | ratio | goal | met? |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (BenchResult r : rows) {
      md.append("| ")
          .append(escape(r.figure()))
          .append(" | ")
          .append(amount(r.value(), r.unit()))
          .append(" | ")
          .append(
              r.baseline()
                  .map(b -> amount(b.value(), r.unit()) + " (" + escape(b.name()) + ")")
                  .orElse("—"))
          .append(" | ")
          .append(
              r.ratio().isPresent()
                  ? String.format(Locale.ROOT, "%.2f", r.ratio().getAsDouble())
                  : "—")
          .append(" | ")
          .append(
              r.goal().isPresent()
                  ? (r.direction() == BenchResult.Direction.HIGHER_IS_BETTER ? "≥ " : "≤ ")
                      + String.format(Locale.ROOT, "%.2f", r.goal().getAsDouble())
                  : "—")
          .append(" | ")
          .append(r.met().map(m -> m ? "yes" : "**no**").orElse("—"))
          .append(" |\n");
    }
    md.append("\n## How each figure was measured\n");
    for (BenchResult r : rows) {
      md.append("\n### ").append(r.figure()).append("\n\n");
      if (!r.run().date().equals(lastRun.date())) {
        md.append("- measured in an earlier run: ").append(r.run().describe()).append('\n');
      }
      md.append("- runs: ").append(samples(r.samples(), r.unit())).append('\n');
      r.baseline()
          .ifPresent(
              b ->
                  md.append("- baseline runs (")
                      .append(b.name())
                      .append("): ")
                      .append(samples(b.samples(), r.unit()))
                      .append('\n'));
      for (String note : r.notes()) {
        md.append("- ").append(note).append('\n');
      }
    }
    return md.toString();
  }

  private static String samples(List<Double> samples, String unit) {
    return samples.stream().map(s -> amount(s, unit)).collect(Collectors.joining(", "));
  }

  static String amount(double value, String unit) {
    String number =
        Math.abs(value) >= 100
            ? String.format(Locale.ROOT, "%,.0f", value)
            : String.format(Locale.ROOT, "%.2f", value);
    return number + " " + unit;
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
