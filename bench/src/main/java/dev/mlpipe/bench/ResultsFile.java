package dev.mlpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The results directory: {@code latest.json} (every row, machine-readable) and {@code latest.md}
 * (the table the README shows). Rows of a new run replace the rows with the same id and keep the
 * others, so benchmarks added by later issues can run alone without losing the earlier figures.
 */
public final class ResultsFile {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  /** Results kept in {@code dir} ({@code bench/results}). */
  public ResultsFile(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** {@code latest.json}. */
  public Path jsonFile() {
    return dir.resolve("latest.json");
  }

  /** {@code latest.md}. */
  public Path markdownFile() {
    return dir.resolve("latest.md");
  }

  /** The rows stored now, in table order; none when there is no {@code latest.json} yet. */
  public List<BenchResult> read() {
    Path file = jsonFile();
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<BenchResult> rows = new ArrayList<>();
      for (JsonNode row : root.path("results")) {
        rows.add(fromJson(row));
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot read benchmark results "
              + file
              + ": "
              + e.getMessage()
              + "; fix or delete the file and run bench/run again",
          e);
    }
  }

  /**
   * Merges {@code rows} into the stored rows (same id: replaced in place; new id: appended) and
   * rewrites both files.
   *
   * @return the Markdown written to {@code latest.md}
   */
  public String merge(RunInfo run, List<BenchResult> rows) {
    Map<String, BenchResult> merged = new LinkedHashMap<>();
    for (BenchResult old : read()) {
      merged.put(old.id(), old);
    }
    for (BenchResult row : rows) {
      merged.put(row.id(), row);
    }
    List<BenchResult> all = List.copyOf(merged.values());
    String markdown = Markdown.render(run, all);
    try {
      Files.createDirectories(dir);
      ObjectNode root = JSON.createObjectNode();
      root.set("lastRun", runJson(run));
      ArrayNode results = root.putArray("results");
      all.forEach(r -> results.add(toJson(r)));
      Files.writeString(jsonFile(), JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
      Files.writeString(markdownFile(), markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write benchmark results to " + dir, e);
    }
    return markdown;
  }

  static ObjectNode toJson(BenchResult r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("figure", r.figure());
    n.put("value", r.value());
    n.put("unit", r.unit());
    ArrayNode samples = n.putArray("samples");
    r.samples().forEach(samples::add);
    r.baseline()
        .ifPresent(
            b -> {
              ObjectNode bn = n.putObject("baseline");
              bn.put("name", b.name());
              bn.put("value", b.value());
              ArrayNode bs = bn.putArray("samples");
              b.samples().forEach(bs::add);
            });
    r.ratio().ifPresent(x -> n.put("ratio", x));
    r.goal().ifPresent(g -> n.put("goal", g));
    n.put("direction", r.direction().name());
    r.met().ifPresent(m -> n.put("met", m));
    ArrayNode notes = n.putArray("notes");
    r.notes().forEach(notes::add);
    n.set("run", runJson(r.run()));
    return n;
  }

  static BenchResult fromJson(JsonNode n) {
    JsonNode b = n.path("baseline");
    Optional<BenchResult.Baseline> baseline =
        b.isObject()
            ? Optional.of(
                new BenchResult.Baseline(
                    b.path("name").asText(),
                    b.path("value").asDouble(),
                    doubles(b.path("samples"))))
            : Optional.empty();
    OptionalDouble goal =
        n.hasNonNull("goal") ? OptionalDouble.of(n.get("goal").asDouble()) : OptionalDouble.empty();
    List<String> notes = new ArrayList<>();
    n.path("notes").forEach(x -> notes.add(x.asText()));
    return new BenchResult(
        n.path("id").asText(),
        n.path("figure").asText(),
        n.path("value").asDouble(),
        n.path("unit").asText(),
        doubles(n.path("samples")),
        baseline,
        goal,
        BenchResult.Direction.valueOf(n.path("direction").asText("HIGHER_IS_BETTER")),
        notes,
        runFromJson(n.path("run")));
  }

  private static ObjectNode runJson(RunInfo run) {
    ObjectNode n = JSON.createObjectNode();
    n.put("date", run.date().toString());
    n.put("cores", run.cores());
    n.put("jdk", run.jdk());
    n.put("os", run.os());
    n.put("loadAverage", Double.parseDouble(String.format(Locale.ROOT, "%.2f", run.loadAverage())));
    n.put("mode", run.mode());
    return n;
  }

  private static RunInfo runFromJson(JsonNode n) {
    return new RunInfo(
        Instant.parse(n.path("date").asText()),
        n.path("cores").asInt(),
        n.path("jdk").asText(),
        n.path("os").asText(),
        n.path("loadAverage").asDouble(-1),
        n.path("mode").asText());
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(x -> values.add(x.asDouble()));
    return values;
  }
}
