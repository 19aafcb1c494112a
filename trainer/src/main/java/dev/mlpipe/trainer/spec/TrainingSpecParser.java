package dev.mlpipe.trainer.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.eval.Metric;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.MissingPolicy;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code mlpipe.yaml} into a {@link TrainingSpec}. The whole document is checked before
 * failing, so one {@link InvalidSpecException} lists every problem, each with its key path. The
 * schema is documented in {@code trainer/SPEC.md}.
 */
public final class TrainingSpecParser {

  /** The seed used when the spec gives none. */
  public static final long DEFAULT_SEED = 42L;

  /** The holdout share used when the spec gives none. */
  public static final double DEFAULT_HOLDOUT = 0.2;

  /** The share of unparseable data rows tolerated when the spec gives none. */
  public static final double DEFAULT_MAX_BAD_ROW_SHARE = 0.01;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private static final List<String> TOP_KEYS =
      List.of(
          "model",
          "seed",
          "recipe",
          "hyperParameters",
          "data",
          "split",
          "candidates",
          "primaryMetric",
          "gates");

  private static final String CSV = "csv";

  private final List<String> problems = new ArrayList<>();

  private TrainingSpecParser() {}

  /** Reads and parses the spec file at {@code path}. */
  public static TrainingSpec parse(Path path) throws InvalidSpecException, IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  /**
   * Parses spec text; {@code source} names where it came from (a path, or repo@sha) in the error.
   */
  public static TrainingSpec parse(String yaml, String source) throws InvalidSpecException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidSpecException(
          source, "(document): not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
    return new TrainingSpecParser().spec(root, source);
  }

  private TrainingSpec spec(JsonNode root, String source) throws InvalidSpecException {
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InvalidSpecException(
          source, List.of("(document): empty; a spec needs at least model, data and a recipe"));
    }
    if (!root.isObject()) {
      throw new InvalidSpecException(
          source, List.of("(document): expected a mapping of keys, got " + describe(root)));
    }
    checkKeys(root, "", TOP_KEYS);

    String model = name(root, "model", "model");
    long seed = optionalLong(root, "seed", "seed", DEFAULT_SEED);
    DataSourceSpec data = data(root.get("data"), seed);
    SplitSpec split = split(root.get("split"), seed);
    List<CandidateSpec> candidates = candidates(root);
    Metric primaryMetric = primaryMetric(root.get("primaryMetric"), candidates);
    Map<String, Object> gates = gates(root.get("gates"));
    checkDataFitsCandidates(data, split, candidates);

    if (!problems.isEmpty()) {
      throw new InvalidSpecException(source, problems);
    }
    try {
      return new TrainingSpec(model, data, split, seed, candidates, primaryMetric, gates);
    } catch (IllegalArgumentException e) {
      // The checks above mirror the records' own; this is the last line of defence.
      throw new InvalidSpecException(source, e.getMessage(), e);
    }
  }

  private DataSourceSpec data(JsonNode node, long seed) {
    if (node == null) {
      problems.add("data: missing; give data.generate (shape, seed) or data.file (path, format)");
      return null;
    }
    if (!node.isObject()) {
      problems.add("data: expected a mapping, got " + describe(node));
      return null;
    }
    checkKeys(node, "data", List.of("generate", "file"));
    boolean generate = node.has("generate");
    boolean file = node.has("file");
    if (generate == file) {
      problems.add(
          "data: give exactly one of data.generate (shape, seed) or data.file (path, format)");
      return null;
    }
    if (generate) {
      JsonNode g = node.get("generate");
      if (!requireObject(g, "data.generate")) {
        return null;
      }
      checkKeys(g, "data.generate", List.of("shape", "seed", "rows"));
      String shapeId = string(g, "shape", "data.generate.shape");
      long dataSeed = optionalLong(g, "seed", "data.generate.seed", seed);
      if (shapeId == null) {
        return null;
      }
      TabularShape tabular = TabularShape.byId(shapeId).orElse(null);
      if (tabular != null) {
        long rows = optionalLong(g, "rows", "data.generate.rows", tabular.defaultRows());
        if (rows < 10 || rows > 10_000_000) {
          problems.add("data.generate.rows: " + rows + " is not in [10, 10000000]");
          return null;
        }
        return new DataSourceSpec.GeneratedTable(tabular, dataSeed, (int) rows);
      }
      GeneratedShape shape = GeneratedShape.byId(shapeId).orElse(null);
      if (shape == null) {
        problems.add(
            "data.generate.shape: unknown shape '"
                + shapeId
                + "'; known: "
                + GeneratedShape.knownIds()
                + ", "
                + TabularShape.knownIds());
        return null;
      }
      if (g.has("rows")) {
        problems.add(
            "data.generate.rows: only the tabular shapes ("
                + TabularShape.knownIds()
                + ") take a size; "
                + shapeId
                + " has its own");
      }
      return new DataSourceSpec.Generated(shape, dataSeed);
    }
    JsonNode f = node.get("file");
    if (!requireObject(f, "data.file")) {
      return null;
    }
    checkKeys(f, "data.file", List.of("path", "format", "maxBadRowShare", "schema"));
    String path = string(f, "path", "data.file.path");
    String formatId = string(f, "format", "data.file.format");
    double maxBad =
        optionalDouble(
            f, "maxBadRowShare", "data.file.maxBadRowShare", DEFAULT_MAX_BAD_ROW_SHARE, 0.0, 1.0);
    if (CSV.equals(formatId)) {
      return csvFile(f, path, maxBad);
    }
    if (f.has("schema")) {
      problems.add(
          "data.file.schema: only a csv file declares a schema; "
              + (formatId == null
                  ? "set data.file.format: csv"
                  : formatId + " files have their own"));
    }
    RatingsFormat format = null;
    if (formatId != null) {
      format = RatingsFormat.byId(formatId).orElse(null);
      if (format == null) {
        problems.add(
            "data.file.format: unknown format '"
                + formatId
                + "'; known: "
                + RatingsFormat.knownIds()
                + ", "
                + CSV);
      }
    }
    if (path == null || format == null || Double.isNaN(maxBad)) {
      return null;
    }
    return new DataSourceSpec.File(path, format, maxBad);
  }

  /** A CSV file's declared schema: {@code schema: {target: NAME, columns: {NAME: TYPE, ...}}}. */
  private DataSourceSpec csvFile(JsonNode f, String path, double maxBad) {
    JsonNode schema = f.get("schema");
    if (schema == null) {
      problems.add(
          "data.file.schema: missing; a csv file needs schema: {target: COLUMN, columns: {NAME:"
              + " numeric|categorical, ...}}");
      return null;
    }
    if (!requireObject(schema, "data.file.schema")) {
      return null;
    }
    checkKeys(schema, "data.file.schema", List.of("target", "columns", "missing", "missingValue"));
    MissingValues.Rule defaultRule =
        missingRule(
            schema.get("missing"),
            schema.get("missingValue"),
            "data.file.schema.missing",
            "data.file.schema.missingValue");
    Map<String, MissingValues.Rule> rules = new LinkedHashMap<>();
    String target = string(schema, "target", "data.file.schema.target");
    if (target != null && !Column.isValidName(target)) {
      problems.add("data.file.schema.target: '" + target + "' is not a column name");
      target = null;
    }
    JsonNode columns = schema.get("columns");
    List<Column> out = new ArrayList<>();
    boolean ok = true;
    if (columns == null || !columns.isObject() || columns.isEmpty()) {
      problems.add(
          "data.file.schema.columns: expected a mapping of at least one column name to numeric or"
              + " categorical, got "
              + describe(columns));
      ok = false;
    } else {
      for (Map.Entry<String, JsonNode> column : columns.properties()) {
        String key = "data.file.schema.columns." + column.getKey();
        JsonNode type = column.getValue();
        MissingValues.Rule rule = null;
        boolean declaresMissing = false;
        if (type != null && type.isObject()) {
          checkKeys(type, key, List.of("type", "missing", "value"));
          declaresMissing = type.has("missing") || type.has("value");
          rule =
              missingRule(type.get("missing"), type.get("value"), key + ".missing", key + ".value");
          type = type.get("type");
        }
        ColumnType columnType =
            type != null && type.isTextual() ? ColumnType.byId(type.asText()).orElse(null) : null;
        if (columnType == ColumnType.CATEGORICAL && declaresMissing) {
          problems.add(
              key
                  + ".missing: only numeric columns declare missing values; an empty category is"
                  + " a bad row (give it a category such as unknown in the file)");
          ok = false;
        }
        if (columnType == ColumnType.NUMERIC && (rule != null || defaultRule != null)) {
          rules.put(column.getKey(), rule != null ? rule : defaultRule);
        }
        if (!Column.isValidName(column.getKey())) {
          problems.add(key + ": not a column name (letters, digits, '_', '.', '-')");
          ok = false;
        } else if (columnType == null) {
          problems.add(key + ": expected numeric or categorical, got " + describe(type));
          ok = false;
        } else if (column.getKey().equals(target)) {
          problems.add(key + ": the target must not also be a feature column");
          ok = false;
        } else {
          out.add(new Column(column.getKey(), columnType));
        }
      }
    }
    if (path == null || target == null || !ok || Double.isNaN(maxBad)) {
      return null;
    }
    return new DataSourceSpec.CsvFile(path, out, target, maxBad, new MissingValues(rules));
  }

  /**
   * A {@code missing:} declaration: a policy id and, for {@code constant}, its value; null when
   * absent or invalid (the problem recorded).
   */
  private MissingValues.Rule missingRule(
      JsonNode policy, JsonNode value, String policyPath, String valuePath) {
    if (policy == null || policy.isNull()) {
      if (value != null) {
        problems.add(valuePath + ": a fill value needs " + policyPath + ": constant");
      }
      return null;
    }
    MissingPolicy p = policy.isTextual() ? MissingPolicy.byId(policy.asText()).orElse(null) : null;
    if (p == null) {
      problems.add(
          policyPath
              + ": expected one of "
              + MissingPolicy.knownIds()
              + ", got "
              + describe(policy));
      return null;
    }
    if (p != MissingPolicy.CONSTANT) {
      if (value != null) {
        problems.add(
            valuePath
                + ": only missing: constant takes a value; "
                + p.id()
                + " computes its own from the training rows");
        return null;
      }
      return MissingValues.Rule.of(p);
    }
    if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
      problems.add(
          valuePath
              + ": missing: constant needs a finite number to fill in, got "
              + describe(value));
      return null;
    }
    return MissingValues.Rule.constant(value.doubleValue());
  }

  /** Rating data needs recommenders; tabular data needs classifiers or regressors of its task. */
  private void checkDataFitsCandidates(
      DataSourceSpec data, SplitSpec split, List<CandidateSpec> candidates) {
    if (data == null) {
      return;
    }
    ModelKind first = null;
    for (CandidateSpec c : candidates) {
      ModelKind kind = c.recipe().kind();
      String who = "candidate " + c.name() + " (recipe " + c.recipe().id() + ")";
      if (data.isTabular() && kind == ModelKind.RECOMMENDER) {
        problems.add(
            "data: tabular rows cannot train "
                + who
                + ", a recommender; give rating data (a movielens shape or file)");
      } else if (!data.isTabular() && kind != ModelKind.RECOMMENDER) {
        problems.add(
            "data: rating data cannot train "
                + who
                + "; give tabular data: data.generate.shape "
                + String.join("|", TabularShape.knownIds().split(", "))
                + " or data.file with format csv and a schema");
      } else if (data instanceof DataSourceSpec.GeneratedTable t
          && t.shape().schema().task().kind() != kind) {
        problems.add(
            "data.generate.shape: "
                + t.shape().id()
                + " is a "
                + t.shape().schema().task().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " data set, but "
                + who
                + " makes a "
                + kind.name().toLowerCase(Locale.ROOT));
      } else if (data.isTabular() && first != null && first != kind) {
        problems.add(
            "candidates: "
                + who
                + " makes a "
                + kind.name().toLowerCase(Locale.ROOT)
                + " but the first candidate a "
                + first.name().toLowerCase(Locale.ROOT)
                + "; one data set has one target");
      }
      first = first == null ? kind : first;
    }
    if (data.isTabular() && split != null && split.kind() == SplitKind.TIME) {
      problems.add("split.kind: time needs timestamps, which tabular rows lack; use random");
    }
  }

  private SplitSpec split(JsonNode node, long seed) {
    if (node == null) {
      return new SplitSpec(SplitKind.RANDOM, DEFAULT_HOLDOUT, seed);
    }
    if (!requireObject(node, "split")) {
      return null;
    }
    checkKeys(node, "split", List.of("kind", "holdout", "seed"));
    SplitKind kind = SplitKind.RANDOM;
    if (node.has("kind")) {
      String kindId = string(node, "kind", "split.kind");
      if (kindId != null) {
        kind =
            Arrays.stream(SplitKind.values())
                .filter(k -> k.name().toLowerCase(Locale.ROOT).equals(kindId))
                .findFirst()
                .orElse(null);
        if (kind == null) {
          problems.add("split.kind: unknown split '" + kindId + "'; known: random, time");
        }
      }
    }
    double holdout = optionalDouble(node, "holdout", "split.holdout", DEFAULT_HOLDOUT, 0.0, 1.0);
    if (!Double.isNaN(holdout) && (holdout <= 0.0 || holdout >= 1.0)) {
      problems.add("split.holdout: " + holdout + " must be strictly between 0 and 1");
      holdout = Double.NaN;
    }
    long splitSeed = optionalLong(node, "seed", "split.seed", seed);
    if (kind == null || Double.isNaN(holdout)) {
      return null;
    }
    return new SplitSpec(kind, holdout, splitSeed);
  }

  private List<CandidateSpec> candidates(JsonNode root) {
    JsonNode list = root.get("candidates");
    List<CandidateSpec> out = new ArrayList<>();
    if (list == null) {
      if (!root.has("recipe")) {
        problems.add(
            "recipe: missing; name a recipe (known: "
                + Recipe.knownIds()
                + ")"
                + " or list candidates");
        return out;
      }
      Recipe recipe = recipe(root, "recipe");
      if (recipe != null) {
        HyperParameters hp =
            hyperParameters(recipe, root.get("hyperParameters"), "hyperParameters");
        if (hp != null) {
          out.add(new CandidateSpec(recipe.id(), recipe, hp));
        }
      }
      return out;
    }
    if (root.has("recipe") || root.has("hyperParameters")) {
      problems.add(
          "candidates: give either recipe and hyperParameters at the top level or a candidates"
              + " list, not both");
    }
    if (!list.isArray() || list.isEmpty()) {
      problems.add("candidates: expected a non-empty list, got " + describe(list));
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "candidates[" + i + "]";
      JsonNode c = list.get(i);
      if (!requireObject(c, path)) {
        continue;
      }
      checkKeys(c, path, List.of("name", "recipe", "hyperParameters"));
      Recipe recipe = recipe(c, path + ".recipe");
      String name = recipe == null ? null : recipe.id();
      if (c.has("name")) {
        name = name(c, "name", path + ".name");
      }
      if (name != null && !names.add(name)) {
        problems.add(
            path + ".name: duplicate candidate name '" + name + "'; give each candidate a name");
        name = null;
      }
      if (recipe == null) {
        continue;
      }
      HyperParameters hp =
          hyperParameters(recipe, c.get("hyperParameters"), path + ".hyperParameters");
      if (name != null && hp != null) {
        out.add(new CandidateSpec(name, recipe, hp));
      }
    }
    return out;
  }

  private Recipe recipe(JsonNode parent, String path) {
    String id = string(parent, "recipe", path);
    if (id == null) {
      return null;
    }
    Recipe recipe = Recipe.byId(id).orElse(null);
    if (recipe == null) {
      problems.add(path + ": unknown recipe '" + id + "'; known: " + Recipe.knownIds());
    }
    return recipe;
  }

  private HyperParameters hyperParameters(Recipe recipe, JsonNode node, String path) {
    Map<String, Double> values = new LinkedHashMap<>();
    recipe.hyperParameters().values().forEach(d -> values.put(d.name(), d.defaultValue()));
    if (node == null) {
      return new HyperParameters(recipe, values);
    }
    if (!requireObject(node, path)) {
      return null;
    }
    boolean ok = true;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = path + "." + field.getKey();
      HyperParameterDef def = recipe.hyperParameters().get(field.getKey());
      if (def == null) {
        problems.add(
            key
                + ": not a hyper-parameter of recipe "
                + recipe.id()
                + "; known: "
                + String.join(", ", recipe.hyperParameters().keySet()));
        ok = false;
        continue;
      }
      JsonNode v = field.getValue();
      if (!v.isNumber() || (def.integer() && !v.isIntegralNumber())) {
        problems.add(key + ": expected " + def.describe() + ", got " + describe(v));
        ok = false;
        continue;
      }
      double value = v.doubleValue();
      if (value < def.min() || value > def.max()) {
        problems.add(key + ": " + v.asText() + " is not " + def.describe());
        ok = false;
        continue;
      }
      values.put(def.name(), value);
    }
    return ok ? new HyperParameters(recipe, values) : null;
  }

  private Metric primaryMetric(JsonNode node, List<CandidateSpec> candidates) {
    if (node == null) {
      if (candidates.isEmpty()) {
        return null;
      }
      ModelKind kind = candidates.get(0).recipe().kind();
      return kind == ModelKind.CLASSIFIER ? Metric.ROC_AUC : Metric.RMSE;
    }
    if (!node.isTextual()) {
      problems.add("primaryMetric: expected a metric name, got " + describe(node));
      return null;
    }
    Metric metric = Metric.byKey(node.asText()).orElse(null);
    if (metric == null) {
      problems.add(
          "primaryMetric: unknown metric '" + node.asText() + "'; known: " + Metric.knownKeys());
      return null;
    }
    for (CandidateSpec c : candidates) {
      if (!metric.appliesTo(c.recipe().kind())) {
        problems.add(
            "primaryMetric: "
                + metric.key()
                + " does not apply to candidate "
                + c.name()
                + " (recipe "
                + c.recipe().id()
                + " makes a "
                + c.recipe().kind().name().toLowerCase(Locale.ROOT)
                + ")");
        return null;
      }
    }
    return metric;
  }

  private Map<String, Object> gates(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!requireObject(node, "gates")) {
      return Map.of();
    }
    return YAML.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private void checkKeys(JsonNode node, String path, List<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.add(
            (path.isEmpty() ? key : path + "." + key)
                + ": unknown key; known: "
                + String.join(", ", known));
      }
    }
  }

  private boolean requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      problems.add(path + ": expected a mapping, got " + describe(node));
      return false;
    }
    return true;
  }

  private String string(JsonNode parent, String key, String path) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      problems.add(path + ": missing");
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.add(path + ": expected a non-empty string, got " + describe(v));
      return null;
    }
    return v.asText();
  }

  private String name(JsonNode parent, String key, String path) {
    String value = string(parent, key, path);
    if (value != null && !TrainingSpec.isValidName(value)) {
      problems.add(
          path
              + ": '"
              + value
              + "' is not a valid name; use letters, digits, '.', '_' and '-' ("
              + TrainingSpec.namePattern()
              + ")");
      return null;
    }
    return value;
  }

  private long optionalLong(JsonNode parent, String key, String path, long defaultValue) {
    JsonNode v = parent.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      problems.add(path + ": expected an integer, got " + describe(v));
      return defaultValue;
    }
    return v.longValue();
  }

  /** Returns NaN after recording a problem. */
  private double optionalDouble(
      JsonNode parent, String key, String path, double defaultValue, double min, double max) {
    JsonNode v = parent.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isNumber()) {
      problems.add(path + ": expected a number, got " + describe(v));
      return Double.NaN;
    }
    double value = v.doubleValue();
    if (value < min || value > max) {
      problems.add(path + ": " + v.asText() + " is not in [" + min + ", " + max + "]");
      return Double.NaN;
    }
    return value;
  }

  private static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "string '" + v.asText() + "'";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isBoolean()) {
      return "boolean " + v.asText();
    }
    return v.asText();
  }
}
