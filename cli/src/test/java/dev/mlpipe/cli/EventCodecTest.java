package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.schemas.FeedbackReceived;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void shouldNameEveryBadFieldOfAnEventGivenAsJson() {
    assertThatThrownBy(
            () ->
                EventCodec.fromJson(
                    "{\"model\": \"churn\", \"actual\": \"high\"}",
                    FeedbackReceived.class,
                    Publisher.metas()::newRun,
                    "--json bad.json"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--json bad.json")
        .hasMessageContaining("predictionId")
        .hasMessageContaining("actual")
        .hasMessageContaining("nothing was published");
  }
}
