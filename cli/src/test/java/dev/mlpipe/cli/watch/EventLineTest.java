package dev.mlpipe.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Rollback;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventLineTest {

  private final EventLine line = new EventLine(ZoneOffset.UTC);

  @Test
  void shouldShowTimeEventModelRunAndTheCommandsFacts() {
    PipelineCommand rollback =
        PipelineCommand.newBuilder()
            .setMeta(
                EventMeta.newBuilder()
                    .setEventId("e-1")
                    .setRunId("0123456789abcdef")
                    .setCausationId(null)
                    .setOccurredAt(Instant.parse("2026-11-23T10:15:30.250Z"))
                    .setProducer("cli@host")
                    .build())
            .setModel("movielens")
            .setRequestedBy("ada")
            .setCommand(Rollback.newBuilder().setToVersion("v3").setReason("bad canary").build())
            .build();

    assertThat(line.format(rollback))
        .isEqualTo(
            "10:15:30.250  PipelineCommand   movielens          run 01234567  rollback to v3"
                + " \"bad canary\" by ada");
  }

  @Test
  void shouldFormatEveryEventTypeWithItsOwnFactsNotItsToString() {
    for (SpecificRecord event : SampleEvents.all()) {
      String formatted = line.format(event);
      assertThat(formatted)
          .as(event.getSchema().getName())
          .contains(event.getSchema().getName())
          .doesNotContain("{\"meta\"");
    }
  }
}
