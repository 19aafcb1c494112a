package dev.mlpipe.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads MovieLens rating files as GroupLens distributes them. Lines that do not parse are counted
 * and the first few kept for the report; when their share of all rows exceeds the allowed maximum
 * the load fails with the count and those lines. Blank lines are ignored.
 */
public final class RatingsLoader {

  /** How many bad lines a report quotes. */
  public static final int MAX_REPORTED_BAD_LINES = 5;

  /** The header of {@code ratings.csv} (MovieLens 20M and later). */
  public static final String CSV_HEADER = "userId,movieId,rating,timestamp";

  private static final Logger log = LoggerFactory.getLogger(RatingsLoader.class);
  private static final int MAX_QUOTED_CHARS = 200;

  private RatingsLoader() {}

  /**
   * Loads {@code file} in {@code format}.
   *
   * @param maxBadRowShare the share of unparseable rows (0 to 1) above which loading fails
   * @throws DataException when the file is missing, has no rows, lacks its header, or has too many
   *     bad rows
   */
  public static LoadedRatings load(Path file, RatingsFormat format, double maxBadRowShare)
      throws DataException, IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(reader, file.toString(), format, maxBadRowShare);
    } catch (NoSuchFileException e) {
      throw new DataException(
          "ratings file "
              + file
              + " does not exist; check data.file.path in mlpipe.yaml (relative to the repository"
              + " root)",
          e);
    }
  }

  /** Loads ratings from {@code reader}; {@code source} names it in messages. */
  public static LoadedRatings load(
      Reader reader, String source, RatingsFormat format, double maxBadRowShare)
      throws DataException, IOException {
    if (!(maxBadRowShare >= 0.0 && maxBadRowShare <= 1.0)) {
      throw new IllegalArgumentException("maxBadRowShare " + maxBadRowShare + " is not in [0, 1]");
    }
    BufferedReader lines =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    RatingTable.Builder rows = RatingTable.builder();
    List<BadLine> firstBad = new ArrayList<>();
    long bad = 0;
    long lineNumber = 0;
    String line;
    if (format.hasHeader()) {
      line = lines.readLine();
      lineNumber++;
      if (line == null || !line.strip().replace("\uFEFF", "").equals(CSV_HEADER)) {
        throw new DataException(
            source
                + ": line 1 is "
                + (line == null ? "missing" : "'" + quote(line) + "'")
                + ", expected the "
                + format.id()
                + " header '"
                + CSV_HEADER
                + "'; is data.file.format right?");
      }
    }
    String separator = format.separator();
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String problem = parse(line, separator, rows);
      if (problem != null) {
        bad++;
        if (firstBad.size() < MAX_REPORTED_BAD_LINES) {
          firstBad.add(new BadLine(lineNumber, quote(line), problem));
        }
      }
    }
    long total = rows.size() + bad;
    if (total == 0) {
      throw new DataException(source + ": no rating rows; the file is empty");
    }
    double share = (double) bad / total;
    if (rows.size() == 0 || share > maxBadRowShare) {
      throw new DataException(
          String.format(
              Locale.ROOT,
              "%s: %d of %d rows (%.2f %%) do not parse as %s, more than the allowed %.2f %%;"
                  + " first bad lines:%n  %s%nfix the file or raise data.file.maxBadRowShare",
              source,
              bad,
              total,
              100.0 * share,
              format.id(),
              100.0 * maxBadRowShare,
              firstBad.stream().map(BadLine::toString).collect(Collectors.joining("\n  "))));
    }
    if (bad > 0) {
      log.warn(
          "Skipped {} of {} rows of {} that do not parse as {}; first: {}",
          bad,
          total,
          source,
          format.id(),
          firstBad.get(0));
    }
    return new LoadedRatings(rows.build(), bad, firstBad);
  }

  /** Parses one line into {@code rows}; returns the problem, or null when it parsed. */
  private static String parse(String line, String separator, RatingTable.Builder rows) {
    String[] fields = split(line, separator);
    if (fields == null) {
      return "expected 4 fields separated by '" + printable(separator) + "'";
    }
    int user;
    int item;
    float rating;
    long timestamp;
    try {
      user = Integer.parseInt(fields[0].strip());
    } catch (NumberFormatException e) {
      return "user id '" + fields[0] + "' is not an integer";
    }
    try {
      item = Integer.parseInt(fields[1].strip());
    } catch (NumberFormatException e) {
      return "item id '" + fields[1] + "' is not an integer";
    }
    try {
      rating = Float.parseFloat(fields[2].strip());
    } catch (NumberFormatException e) {
      return "rating '" + fields[2] + "' is not a number";
    }
    try {
      timestamp = Long.parseLong(fields[3].strip());
    } catch (NumberFormatException e) {
      return "timestamp '" + fields[3] + "' is not an integer";
    }
    if (user <= 0 || item <= 0) {
      return "ids must be positive";
    }
    if (!(rating >= 0.5f && rating <= 5.0f)) {
      return "rating " + fields[2].strip() + " is outside 0.5 to 5";
    }
    if (timestamp < 0) {
      return "timestamp " + timestamp + " is negative";
    }
    rows.add(user, item, rating, timestamp);
    return null;
  }

  /** Splits on a literal separator into exactly 4 fields, or returns null. */
  private static String[] split(String line, String separator) {
    String[] fields = new String[4];
    int start = 0;
    for (int f = 0; f < 3; f++) {
      int end = line.indexOf(separator, start);
      if (end < 0) {
        return null;
      }
      fields[f] = line.substring(start, end);
      start = end + separator.length();
    }
    if (line.indexOf(separator, start) >= 0) {
      return null;
    }
    fields[3] = line.substring(start);
    return fields;
  }

  private static String quote(String line) {
    return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  private static String printable(String separator) {
    return separator.equals("\t") ? "\\t" : separator;
  }
}
