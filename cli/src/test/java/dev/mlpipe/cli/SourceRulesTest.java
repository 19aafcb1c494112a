package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules about the source tree that compiled classes cannot show: string constants are inlined by
 * javac (ArchUnit never sees a topic name literal), and a package-info.java without annotations
 * compiles to nothing.
 */
class SourceRulesTest {

  /** The repository root, seen from the cli module directory surefire runs in. */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static final Path CATALOGUE = Path.of("dev", "mlpipe", "events", "topic", "Topics.java");

  @Test
  void shouldFindTheRepositoryRootAndItsModules() {
    assertThat(REPO.resolve("pom.xml")).exists();
    assertThat(productionSourceRoots())
        .extracting(p -> REPO.relativize(p).toString())
        .contains("cli/src/main/java", "pipeline-events/src/main/java");
  }

  @Test
  void shouldWriteTopicNamesOnlyInTheCatalogue() {
    Set<String> topics = catalogueTopicNames();
    List<String> offenders = new ArrayList<>();
    for (Path root : productionSourceRoots()) {
      for (Path file : javaFiles(root)) {
        if (root.relativize(file).equals(CATALOGUE)) {
          continue;
        }
        for (JavaLiteral literal : JavaLiteral.stringLiteralsOf(read(file))) {
          if (namesATopic(literal.value(), topics)) {
            offenders.add(
                REPO.relativize(file) + ":" + literal.line() + ": \"" + literal.value() + "\"");
          }
        }
      }
    }

    assertThat(offenders)
        .as(
            "topic names written outside %s; use the Topics constants (Topics.COMMIT.name(),"
                + " topic.deadLetterTopic(), topic.valueSubject()) instead",
            CATALOGUE)
        .isEmpty();
  }

  @Test
  void shouldTreatTopicsTheirDeadLettersAndSubjectsAsTopicNames() {
    Set<String> topics = Set.of("mlpipe.commit", "mlpipe.commands");

    assertThat(namesATopic("mlpipe.commit", topics)).isTrue();
    assertThat(namesATopic("mlpipe.commit.dlq", topics)).isTrue();
    assertThat(namesATopic("mlpipe.commit-value", topics)).isTrue();
    assertThat(namesATopic("mlpipe.commands", topics)).isTrue();
    assertThat(namesATopic("mlpipe.", topics)).isFalse();
    assertThat(namesATopic("mlpipe.errors.stage", topics)).isFalse();
    assertThat(namesATopic("mlpipe.yaml", topics)).isFalse();
    assertThat(namesATopic("mlpipe.committer", topics)).isFalse();
    assertThat(namesATopic("publish to mlpipe.commit", topics)).isFalse();
  }

  @Test
  void shouldReadStringLiteralsButNotCommentsOrCharacters() {
    String source =
        String.join(
            "\n",
            "/** Publishes to \"mlpipe.commit\". */",
            "class A {",
            "  // \"mlpipe.commands\" in a line comment",
            "  char quote = '\"';",
            "  String a = \"mlpipe.commit\";",
            "  String b = \"say \\\"hi\\\" \\\\\";",
            "  String c = \"\"\"",
            "      block \"quoted\"",
            "      \"\"\";",
            "}");

    assertThat(JavaLiteral.stringLiteralsOf(source))
        .containsExactly(
            new JavaLiteral("mlpipe.commit", 5),
            new JavaLiteral("say \\\"hi\\\" \\\\", 6),
            new JavaLiteral("\n      block \"quoted\"\n      ", 7));
  }

  @Test
  void shouldGiveEveryPackageAPackageInfo() {
    List<String> missing = new ArrayList<>();
    for (Path root : productionSourceRoots()) {
      for (Path dir : packageDirectories(root)) {
        if (!Files.exists(dir.resolve("package-info.java"))) {
          missing.add(
              root.relativize(dir).toString().replace('/', '.')
                  + " ("
                  + REPO.relativize(dir)
                  + ")");
        }
      }
    }

    assertThat(missing)
        .as("packages without a package-info.java; add one with a paragraph on what it is for")
        .isEmpty();
  }

  /**
   * Whether a string literal is a topic name of the catalogue, or a name derived from one (its
   * dead-letter topic, its value subject). Literals that merely start with {@code mlpipe.} (header
   * names such as {@code mlpipe.errors.*}, config keys, {@code mlpipe.yaml}) are not.
   */
  static boolean namesATopic(String literal, Set<String> topics) {
    for (String topic : topics) {
      if (literal.equals(topic)
          || literal.startsWith(topic + ".")
          || literal.startsWith(topic + "-")) {
        return true;
      }
    }
    return false;
  }

  static Set<String> catalogueTopicNames() {
    Set<String> names = new TreeSet<>();
    for (Topic<?> topic : Topics.ALL) {
      names.add(topic.name());
    }
    names.add(Topics.SCHEMAS);
    return names;
  }

  /** {@code <module>/src/main/java} of every module directory under the repository root. */
  static List<Path> productionSourceRoots() {
    try (Stream<Path> dirs = Files.list(REPO)) {
      return dirs.map(d -> d.resolve(Path.of("src", "main", "java")))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list modules in " + REPO, e);
    }
  }

  private static List<Path> javaFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root, e);
    }
  }

  /** Directories that hold at least one Java type (a package-info alone does not make one). */
  private static List<Path> packageDirectories(Path root) {
    return javaFiles(root).stream()
        .filter(f -> !f.getFileName().toString().equals("package-info.java"))
        .map(Path::getParent)
        .distinct()
        .toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * A string literal in Java source: its text between the quotes (escapes left as written) and the
   * line it starts on.
   */
  record JavaLiteral(String value, int line) {

    /** Every string literal and text block of a source file, skipping comments and chars. */
    static List<JavaLiteral> stringLiteralsOf(String source) {
      List<JavaLiteral> literals = new ArrayList<>();
      int line = 1;
      int i = 0;
      int n = source.length();
      while (i < n) {
        char c = source.charAt(i);
        if (c == '\n') {
          line++;
          i++;
        } else if (source.startsWith("//", i)) {
          while (i < n && source.charAt(i) != '\n') {
            i++;
          }
        } else if (source.startsWith("/*", i)) {
          int end = source.indexOf("*/", i + 2);
          end = end < 0 ? n : end + 2;
          line += count(source, i, end);
          i = end;
        } else if (source.startsWith("\"\"\"", i)) {
          int start = i + 3;
          int end = closingQuote(source, start, "\"\"\"");
          literals.add(new JavaLiteral(source.substring(start, end), line));
          line += count(source, i, Math.min(n, end + 3));
          i = end + 3;
        } else if (c == '"') {
          int end = closingQuote(source, i + 1, "\"");
          literals.add(new JavaLiteral(source.substring(i + 1, end), line));
          i = end + 1;
        } else if (c == '\'') {
          i = closingQuote(source, i + 1, "'") + 1;
        } else {
          i++;
        }
      }
      return literals;
    }

    /** Index of the unescaped closing delimiter at or after {@code from}, or the end. */
    private static int closingQuote(String source, int from, String delimiter) {
      int i = from;
      while (i < source.length()) {
        if (source.charAt(i) == '\\') {
          i += 2;
        } else if (source.startsWith(delimiter, i)) {
          return i;
        } else {
          i++;
        }
      }
      return source.length();
    }

    private static int count(String source, int from, int to) {
      int lines = 0;
      for (int i = from; i < to; i++) {
        if (source.charAt(i) == '\n') {
          lines++;
        }
      }
      return lines;
    }
  }
}
