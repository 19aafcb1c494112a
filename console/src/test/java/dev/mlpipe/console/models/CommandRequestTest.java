package dev.mlpipe.console.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Rollback;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRequestTest {

  private final EventMetas metas =
      new EventMetas(
          "console@test", Clock.fixed(Instant.parse("2026-11-16T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void shouldApproveTheRunForProductionUnderTheRunsOwnId() {
    PipelineCommand c =
        CommandRequest.of(
            Map.of("action", "approve", "model", "recommender", "runId", "run-7"),
            metas,
            "console:ada");

    assertThat(c.getModel()).isEqualTo("recommender");
    assertThat(c.getRequestedBy()).isEqualTo("console:ada");
    assertThat(c.getMeta().getRunId()).isEqualTo("run-7");
    assertThat(c.getCommand()).isInstanceOf(Approve.class);
    Approve a = (Approve) c.getCommand();
    assertThat(a.getRunId()).isEqualTo("run-7");
    assertThat(a.getEnvironment()).isEqualTo(Environment.PRODUCTION);
  }

  @Test
  void shouldPromoteAVersionToTheNamedEnvironment() {
    PipelineCommand c =
        CommandRequest.of(
            Map.of("action", "promote", "model", "m", "version", "v3", "environment", "staging"),
            metas,
            "console");

    Promote p = (Promote) c.getCommand();
    assertThat(p.getVersion()).isEqualTo("v3");
    assertThat(p.getEnvironment()).isEqualTo(Environment.STAGING);
  }

  @Test
  void shouldRollBackToTheLastStableVersionUnlessOneIsNamed() {
    Rollback last =
        (Rollback)
            CommandRequest.of(Map.of("action", "rollback", "model", "m"), metas, "c").getCommand();
    Rollback named =
        (Rollback)
            CommandRequest.of(
                    Map.of("action", "rollback", "model", "m", "toVersion", "v1", "reason", "bad"),
                    metas,
                    "c")
                .getCommand();

    assertThat(last.getToVersion()).isNull();
    assertThat(last.getReason()).contains("console");
    assertThat(named.getToVersion()).isEqualTo("v1");
    assertThat(named.getReason()).isEqualTo("bad");
  }

  @Test
  void shouldNameTheMissingOrWrongField() {
    assertThatThrownBy(
            () -> CommandRequest.of(Map.of("action", "approve", "model", "m"), metas, "c"))
        .hasMessage("runId is required");
    assertThatThrownBy(
            () -> CommandRequest.of(Map.of("action", "delete", "model", "m"), metas, "c"))
        .hasMessageContaining("approve, promote or rollback")
        .hasMessageContaining("delete");
    assertThatThrownBy(
            () ->
                CommandRequest.of(
                    Map.of(
                        "action", "promote", "model", "m", "version", "v", "environment", "moon"),
                    metas,
                    "c"))
        .hasMessageContaining("environment")
        .hasMessageContaining("moon");
  }
}
