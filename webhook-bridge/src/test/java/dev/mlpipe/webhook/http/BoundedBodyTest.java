package dev.mlpipe.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  @Test
  void shouldReadABodyUpToTheLimitWhole() throws Exception {
    assertThat(Exchanges.readBounded(new ByteArrayInputStream(new byte[100]), 100)).hasSize(100);
    assertThat(Exchanges.readBounded(new ByteArrayInputStream(new byte[0]), 100)).isEmpty();
  }

  @Test
  void shouldStopOneByteOverTheLimit() throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[1_000_000]);
    assertThat(Exchanges.readBounded(in, 100)).hasSize(101);
    assertThat(in.available()).as("the rest is not read").isEqualTo(1_000_000 - 101);
  }
}
