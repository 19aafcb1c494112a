package dev.mlpipe.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * One set of .avsc files laid out like {@code src/main/avro}: {@code shared/} types that events
 * refer to by name, and one file per event under {@code events/}. Parsed the way the Avro Maven
 * plugin parses them: shared types first, in the order of the plugin's {@code <imports>} in
 * schemas/pom.xml (a type must be parsed before a type that refers to it), then every event.
 *
 * @param shared the shared named types by file name without extension, in parse order
 * @param events the event schemas by file name without extension, sorted by name
 */
record AvroSchemaSet(Map<String, Schema> shared, Map<String, Schema> events) {

  /** The schemas the build generates classes from. */
  static final Path CURRENT = Path.of("src", "main", "avro");

  /** The schemas as last released: what producers and stored topics may still carry. */
  static final Path RELEASED = Path.of("src", "test", "resources", "released");

  private static final Path POM = Path.of("pom.xml");
  private static final Pattern IMPORT =
      Pattern.compile(
          "<import>\\$\\{project\\.basedir}/src/main/avro/shared/([^<]+)\\.avsc</import>");

  AvroSchemaSet {
    shared = Map.copyOf(shared);
    events = Map.copyOf(events);
  }

  /**
   * The shared type names in the order the Avro plugin imports them (schemas/pom.xml), so the order
   * is written down once.
   */
  static List<String> sharedImportOrder() {
    String pom = read(POM);
    List<String> order = new ArrayList<>();
    Matcher m = IMPORT.matcher(pom);
    while (m.find()) {
      order.add(m.group(1));
    }
    if (order.isEmpty()) {
      throw new IllegalStateException(
          "no <import> of src/main/avro/shared/*.avsc found in "
              + POM.toAbsolutePath()
              + "; the avro-maven-plugin must import every shared type in dependency order");
    }
    return List.copyOf(order);
  }

  /** The names of the .avsc files directly in a directory, without extension, sorted. */
  static List<String> avscNames(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".avsc"))
          .map(n -> n.substring(0, n.length() - ".avsc".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir.toAbsolutePath(), e);
    }
  }

  /**
   * Parses the set under {@code root}. Shared files are parsed in {@code sharedOrder}; a shared
   * file that the order does not name is an error, because the build would not import it either.
   */
  static AvroSchemaSet load(Path root, List<String> sharedOrder) {
    Path sharedDir = root.resolve("shared");
    Path eventsDir = root.resolve("events");
    List<String> unordered = new ArrayList<>(avscNames(sharedDir));
    unordered.removeAll(sharedOrder);
    if (!unordered.isEmpty()) {
      throw new IllegalStateException(
          "shared schemas "
              + unordered
              + " in "
              + sharedDir.toAbsolutePath()
              + " are not imported by the avro-maven-plugin; add them to <imports> in"
              + " schemas/pom.xml after the types they refer to");
    }
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> shared = new LinkedHashMap<>();
    for (String name : sharedOrder) {
      Path file = sharedDir.resolve(name + ".avsc");
      if (Files.exists(file)) {
        shared.put(name, parse(parser, file));
      }
    }
    Map<String, Schema> events = new LinkedHashMap<>();
    for (String name : avscNames(eventsDir)) {
      events.put(name, parse(parser, eventsDir.resolve(name + ".avsc")));
    }
    if (events.isEmpty()) {
      throw new IllegalStateException("no event schemas found in " + eventsDir.toAbsolutePath());
    }
    return new AvroSchemaSet(shared, events);
  }

  private static Schema parse(Schema.Parser parser, Path file) {
    try {
      return parser.parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    } catch (SchemaParseException e) {
      throw new IllegalStateException(
          "cannot parse " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }
}
