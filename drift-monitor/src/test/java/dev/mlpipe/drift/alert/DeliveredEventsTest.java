package dev.mlpipe.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveredEventsTest {

  @TempDir Path dir;

  @Test
  void shouldRememberWhatEachSinkGotAcrossARestart() {
    Path file = dir.resolve("alerts/delivered-events.tsv");
    DeliveredEvents before = DeliveredEvents.file(file, 100);
    before.add("github(acme/recsys)", "e-1");
    before.add("email(smtp.example.com)", "e-2");
    before.close();

    DeliveredEvents after = DeliveredEvents.file(file, 100);

    assertThat(after.contains("github(acme/recsys)", "e-1")).isTrue();
    assertThat(after.contains("email(smtp.example.com)", "e-2")).isTrue();
    assertThat(after.contains("email(smtp.example.com)", "e-1")).isFalse();
  }

  @Test
  void shouldForgetTheOldestBeyondWhatItRemembersPerSinkAndKeepTheFileSmall() throws Exception {
    Path file = dir.resolve("delivered-events.tsv");
    DeliveredEvents events = DeliveredEvents.file(file, 3);
    for (int i = 0; i < 50; i++) {
      events.add("sink", "e-" + i);
    }
    events.close();

    DeliveredEvents reread = DeliveredEvents.file(file, 3);
    assertThat(reread.contains("sink", "e-49")).isTrue();
    assertThat(reread.contains("sink", "e-47")).isTrue();
    assertThat(reread.contains("sink", "e-46")).isFalse();
    assertThat(Files.readAllLines(file)).hasSizeLessThanOrEqualTo(12);
  }

  @Test
  void shouldIgnoreALineCutShortByACrash() throws Exception {
    Path file = dir.resolve("delivered-events.tsv");
    Files.writeString(file, "sink\te-1\nsink\t", StandardCharsets.UTF_8);

    DeliveredEvents events = DeliveredEvents.file(file, 10);

    assertThat(events.contains("sink", "e-1")).isTrue();
    assertThat(events.contains("sink", "")).isFalse();
  }

  @Test
  void shouldForgetEverythingAtExitWhenInMemory() {
    DeliveredEvents events = DeliveredEvents.inMemory(10);
    events.add("sink", "e-1");

    assertThat(events.contains("sink", "e-1")).isTrue();
    assertThat(DeliveredEvents.inMemory(10).contains("sink", "e-1")).isFalse();
  }
}
