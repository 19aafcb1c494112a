package dev.mlpipe.drift.alert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which events each sink already got, remembered beyond the process: {@link AlertDelivery} skips an
 * event a sink got before, so an alert consumer that re-reads events after a restart (it commits
 * its offsets after queueing, so a crash re-reads what it had polled) sends no second issue comment
 * or e-mail. Per sink, the last {@code remembered} eventIds count.
 *
 * <p>{@link #inMemory} forgets at exit (tests, a stage without a directory); {@link #file} keeps
 * them in a text file of {@code sink<TAB>eventId} lines, appended and flushed per delivery and
 * rewritten with only the remembered ones when it grows to several times that. Thread-safe.
 */
public final class DeliveredEvents {

  private final int remembered;
  private final Path file;
  private final Map<String, LinkedHashSet<String>> bySink = new HashMap<>();
  private BufferedWriter writer;
  private long lines;

  private DeliveredEvents(int remembered, Path file) {
    if (remembered < 1) {
      throw new IllegalArgumentException("remembered must be at least 1, was " + remembered);
    }
    this.remembered = remembered;
    this.file = file;
  }

  /** Remembers for the life of the process only. */
  public static DeliveredEvents inMemory(int remembered) {
    return new DeliveredEvents(remembered, null);
  }

  /**
   * Remembers in {@code file} (created with its directory when missing), reading back what an
   * earlier process wrote there.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or written
   */
  public static DeliveredEvents file(Path file, int remembered) {
    Objects.requireNonNull(file, "file");
    DeliveredEvents events = new DeliveredEvents(remembered, file);
    events.load();
    return events;
  }

  /** Whether {@code sink} already got {@code eventId}. */
  public synchronized boolean contains(String sink, String eventId) {
    LinkedHashSet<String> ids = bySink.get(sink);
    return ids != null && ids.contains(eventId);
  }

  /** Records that {@code sink} got {@code eventId}; on disk before this returns. */
  public synchronized void add(String sink, String eventId) {
    if (sink.contains("\t") || sink.contains("\n") || eventId.contains("\n")) {
      throw new IllegalArgumentException(
          "sink name and eventId must not contain tabs or line breaks: " + sink + " " + eventId);
    }
    remember(sink, eventId);
    if (file == null) {
      return;
    }
    try {
      if (lines >= 4L * remembered * Math.max(1, bySink.size())) {
        rewrite();
      } else {
        writer.write(sink + "\t" + eventId + "\n");
        writer.flush();
        lines++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write delivered alerts to " + file, e);
    }
  }

  /** Closes the file. */
  public synchronized void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
      }
      writer = null;
    }
  }

  private void remember(String sink, String eventId) {
    LinkedHashSet<String> ids = bySink.computeIfAbsent(sink, s -> new LinkedHashSet<>());
    ids.remove(eventId);
    ids.add(eventId);
    while (ids.size() > remembered) {
      ids.remove(ids.iterator().next());
    }
  }

  private void load() {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          // A line cut short by a crash has no tab or no id: it was not delivered for sure.
          if (tab > 0 && tab < line.length() - 1) {
            remember(line.substring(0, tab), line.substring(tab + 1));
          }
        }
      }
      rewrite();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read delivered alerts from " + file + " (delete it to start afresh)", e);
    }
  }

  /** Writes only the remembered ids to a new file and swaps it in, then appends to it. */
  private void rewrite() throws IOException {
    close();
    List<String> out = new ArrayList<>();
    bySink.forEach((sink, ids) -> ids.forEach(id -> out.add(sink + "\t" + id)));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, out, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lines = out.size();
    writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
  }
}
