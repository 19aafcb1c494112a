package dev.mlpipe.deployer.rollout;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Events and a settable clock for the rollout tests. */
public final class TestEvents {

  public static final String MODEL = SampleEvents.MODEL;

  private TestEvents() {}

  /** A validation of {@code version} in run {@code run-<version>}, artifact sha from the name. */
  public static ValidationPassed validationPassed(String version) {
    String sha = String.format("%064x", Math.abs((long) version.hashCode()));
    return ValidationPassed.newBuilder(SampleEvents.validationPassed())
        .setMeta(meta("run-" + version))
        .setVersion(version)
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256(sha)
                .setUri("file:///store/sha256/" + sha)
                .setSizeBytes(100)
                .build())
        .setMetrics(Map.of("rmse", 0.7))
        .build();
  }

  public static PipelineCommand approve(String runId) {
    return command(
        Approve.newBuilder().setRunId(runId).setEnvironment(Environment.PRODUCTION).build());
  }

  public static PipelineCommand rollback(String toVersion) {
    return command(Rollback.newBuilder().setToVersion(toVersion).setReason("bad").build());
  }

  public static PipelineCommand promote(String version, Environment env) {
    return command(Promote.newBuilder().setVersion(version).setEnvironment(env).build());
  }

  private static PipelineCommand command(Object body) {
    return PipelineCommand.newBuilder()
        .setMeta(meta("run-cmd"))
        .setModel(MODEL)
        .setRequestedBy("alice@host")
        .setCommand(body)
        .build();
  }

  static EventMeta meta(String runId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(null)
        .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setProducer("test@host")
        .build();
  }

  /** A clock the test moves by hand. */
  public static final class SettableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
