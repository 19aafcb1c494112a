package dev.mlpipe.webhook.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void shouldMatchWithinOneSegmentWithASingleStar() {
    Glob glob = new Glob("release/*");
    assertThat(glob.matches("release/1.2")).isTrue();
    assertThat(glob.matches("release/1.2/hotfix")).isFalse();
    assertThat(glob.matches("release")).isFalse();
  }

  @Test
  void shouldMatchAnyDepthWithADoubleStar() {
    Glob glob = new Glob("models/recsys/**");
    assertThat(glob.matches("models/recsys/mlpipe.yaml")).isTrue();
    assertThat(glob.matches("models/recsys/data/a/b.csv")).isTrue();
    assertThat(glob.matches("models/fraud/mlpipe.yaml")).isFalse();
  }

  @Test
  void shouldLetADoubleStarSlashMatchNoDirectory() {
    Glob glob = new Glob("**/mlpipe.yaml");
    assertThat(glob.matches("mlpipe.yaml")).isTrue();
    assertThat(glob.matches("a/b/mlpipe.yaml")).isTrue();
    assertThat(new Glob("a/**/b").matches("a/b")).isTrue();
  }

  @Test
  void shouldTreatRegexCharactersLiterally() {
    assertThat(new Glob("v1.0+(x)").matches("v1.0+(x)")).isTrue();
    assertThat(new Glob("v1.0").matches("v1x0")).isFalse();
    assertThat(new Glob("file?.txt").matches("file1.txt")).isTrue();
    assertThat(new Glob("file?.txt").matches("file/.txt")).isFalse();
  }
}
