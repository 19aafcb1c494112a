package dev.mlpipe.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowProfileTest {

  @Test
  void shouldReadBackWhatItWroteIncludingCategoriesAndScores() {
    WindowProfile profile = new WindowProfile(200, 10);
    for (int i = 0; i < 1_000; i++) {
      profile.add(Map.of("age", (double) i), Map.of("country", i % 2 == 0 ? "NZ" : "AU"), i / 10.0);
    }

    WindowProfile copy = WindowProfile.fromBytes(profile.toBytes());

    assertThat(copy.sampleSize()).isEqualTo(1_000);
    assertThat(copy.numeric("age").count()).isEqualTo(1_000);
    assertThat(copy.numeric("age").shareBelow(500)).isCloseTo(0.5, within(0.02));
    assertThat(copy.categorical("country").counts())
        .containsEntry("NZ", 500L)
        .containsEntry("AU", 500L);
    assertThat(copy.prediction().count()).isEqualTo(1_000);
  }

  @Test
  void shouldMergeTwoWindowsIntoTheProfileOfTheirUnion() {
    WindowProfile a = new WindowProfile(200, 10);
    WindowProfile b = new WindowProfile(200, 10);
    for (int i = 0; i < 500; i++) {
      a.add(Map.of("age", (double) i), Map.of("country", "NZ"), null);
      b.add(Map.of("age", 500.0 + i), Map.of(), null);
    }

    a.merge(b);

    assertThat(a.sampleSize()).isEqualTo(1_000);
    assertThat(a.numeric("age").count()).isEqualTo(1_000);
    assertThat(a.numeric("age").shareBelow(500)).isCloseTo(0.5, within(0.02));
    assertThat(a.categorical("country").total()).isEqualTo(500);
    assertThat(a.prediction().count()).isZero();
  }

  @Test
  void shouldKeepTheSizeOfItsSketchesBoundedWhateverTheTraffic() {
    WindowProfile small = new WindowProfile(NumericSketch.DEFAULT_K, 100);
    WindowProfile large = new WindowProfile(NumericSketch.DEFAULT_K, 100);
    for (int i = 0; i < 1_000_000; i++) {
      large.add(Map.of("age", (double) (i % 977)), Map.of("user", "u" + i), null);
      if (i < 20_000) {
        small.add(Map.of("age", (double) (i % 977)), Map.of("user", "u" + i), null);
      }
    }

    assertThat(large.toBytes().length).isLessThan(2 * small.toBytes().length);
    assertThat(large.categorical("user").overflow()).isEqualTo(1_000_000 - 100);
  }
}
