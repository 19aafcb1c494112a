package dev.mlpipe.cli.data;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.data.RatingsWriter;
import dev.mlpipe.models.tabular.TabularCsv;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlpipe data generate}: seeded data with the shape and the file layout of a real data set,
 * for when the real one cannot be downloaded.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a seeded, generated data set with the shape and file layout of the real one: the"
          + " same seed always gives the same file. MovieLens shapes plant low-rank preferences,"
          + " user and item biases and a skewed item popularity, so a recommender has something"
          + " to learn.",
      "",
      "Shapes: movielens-100k (943 users, 1,682 items, 100,000 ratings, written as u.data),"
          + " movielens-1m (6,040 users, 3,706 items, 1,000,209 ratings, written as ratings.dat),"
          + " fraud (100,000 card transactions, ~0.5 % fraudulent), churn (20,000 subscribers,"
          + " ~26 % churn), taxi (50,000 trips and their fares); the tabular shapes are written"
          + " as <shape>.csv with a header.",
      "",
      "Drift (tabular shapes): --drift feature-shift shifts the features' distribution (same"
          + " relationship to the target), as live data that drifted from the training data.",
      "",
      "Example:  mlpipe data generate --shape movielens-100k --seed 7 --out data/ml-100k",
      "          mlpipe data generate --shape fraud --drift feature-shift --out data/fraud-drift"
    })
public final class GenerateDataCommand implements Callable<Integer> {

  @Option(
      names = "--shape",
      required = true,
      paramLabel = "SHAPE",
      description = "The data set's shape.")
  String shape;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "The generator's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The directory to write to.")
  Path out;

  @Option(
      names = "--drift",
      paramLabel = "KIND",
      description = "A drift variant: feature-shift (tabular shapes).")
  String drift;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Rows to generate (tabular shapes; default: the shape's size).")
  Integer rows;

  @Spec CommandSpec spec;

  /** The one drift variant this version generates. */
  static final String FEATURE_SHIFT = "feature-shift";

  @Override
  public Integer call() {
    String id = shape.toLowerCase(Locale.ROOT);
    if (TabularShape.byId(id).isPresent()) {
      return tabular(TabularShape.byId(id).get());
    }
    if (drift != null || rows != null) {
      throw new UserError(
          (drift != null ? "--drift" : "--rows")
              + " is available for the tabular shapes ("
              + TabularShape.knownIds()
              + ") only in this version",
          2,
          null);
    }
    GeneratedShape generated =
        GeneratedShape.byId(shape.toLowerCase(Locale.ROOT))
            .orElseThrow(
                () ->
                    new UserError(
                        "--shape '"
                            + shape
                            + "' is not a shape this version generates; known: "
                            + GeneratedShape.knownIds()
                            + ", "
                            + TabularShape.knownIds(),
                        2,
                        null));
    RatingsFormat format =
        generated == GeneratedShape.MOVIELENS_100K
            ? RatingsFormat.MOVIELENS_100K
            : RatingsFormat.MOVIELENS_1M;
    String fileName = format == RatingsFormat.MOVIELENS_100K ? "u.data" : "ratings.dat";
    Path file = out.resolve(fileName);
    try {
      Files.createDirectories(out);
      RatingTable table = MovieLensGenerator.generate(generated, seed);
      RatingsWriter.write(table, format, file);
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf(
          Locale.ROOT,
          "wrote %,d ratings of %s (seed %d) to %s%nsha256 %s%n",
          table.size(),
          generated.id(),
          seed,
          file,
          table.sha256());
      printer.flush();
      return 0;
    } catch (IOException e) {
      throw new UserError("--out " + out + ": cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Integer tabular(TabularShape tabular) {
    if (drift != null && !drift.equals(FEATURE_SHIFT)) {
      throw new UserError(
          "--drift '" + drift + "' is not a drift this version generates; known: " + FEATURE_SHIFT,
          2,
          null);
    }
    int n = rows == null ? tabular.defaultRows() : rows;
    if (n < 10) {
      throw new UserError("--rows " + n + " is too few; give at least 10", 2, null);
    }
    Path file = out.resolve(tabular.id() + ".csv");
    try {
      Files.createDirectories(out);
      TabularTable table = TabularGenerator.generate(tabular, seed, n, drift != null);
      TabularCsv.write(table, file);
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf(
          Locale.ROOT,
          "wrote %,d rows of %s%s (seed %d) to %s%ntarget %s (%s)%nsha256 %s%n",
          table.size(),
          tabular.id(),
          drift == null ? "" : " with " + drift,
          seed,
          file,
          table.schema().target(),
          table.schema().task().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          table.sha256());
      printer.flush();
      return 0;
    } catch (IOException e) {
      throw new UserError("--out " + out + ": cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
