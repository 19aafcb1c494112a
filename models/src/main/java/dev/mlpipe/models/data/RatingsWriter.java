package dev.mlpipe.models.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a rating table in a MovieLens file format, so generated data can be used wherever the real
 * files can. Ratings are written as integers when they are whole.
 */
public final class RatingsWriter {

  private RatingsWriter() {}

  public static void write(RatingTable table, RatingsFormat format, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(table, format, out);
    }
  }

  public static void write(RatingTable table, RatingsFormat format, Writer out) throws IOException {
    String sep = format.separator();
    if (format.hasHeader()) {
      out.write(RatingsLoader.CSV_HEADER);
      out.write('\n');
    }
    StringBuilder line = new StringBuilder(48);
    for (int row = 0; row < table.size(); row++) {
      float r = table.rating(row);
      line.setLength(0);
      line.append(table.user(row)).append(sep).append(table.item(row)).append(sep);
      if (r == Math.rint(r) && !format.hasHeader()) {
        line.append((int) r);
      } else {
        line.append(r);
      }
      line.append(sep).append(table.timestamp(row)).append('\n');
      out.append(line);
    }
  }
}
