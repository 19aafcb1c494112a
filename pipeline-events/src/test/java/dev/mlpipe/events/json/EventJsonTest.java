package dev.mlpipe.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

  static Stream<SpecificRecord> everyEvent() {
    return SampleEvents.all().stream();
  }

  private static final String MINIMAL_COMMIT =
      """
      {"meta": {"eventId": "e-1", "runId": "r-1", "occurredAt": 1741944413589,
                "producer": "cli@laptop"},
       "model": "fraud", "repo": "/repos/fraud", "sha": "abc123"}
      """;

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void shouldRoundTripEveryEventTypeThroughJson(SpecificRecord event) throws Exception {
    String json = EventJson.toJson((org.apache.avro.generic.IndexedRecord) event);

    SpecificRecord read = EventJson.read(json, event.getClass());

    assertThat(read).isEqualTo(event);
    assertThat(json).doesNotContain("\n");
    assertThat(EventJson.toJson((org.apache.avro.generic.IndexedRecord) read)).isEqualTo(json);
    JsonNode tree = EventJson.mapper().readTree(json);
    assertThat(EventJson.toJson(EventJson.readGeneric(json, event.getSchema()))).isEqualTo(json);
    assertThat(tree.get("meta").get("occurredAt").textValue())
        .isEqualTo("2025-03-14T09:26:53.589Z");
  }

  @Test
  void shouldWritePlainReadableJson() {
    String json = EventJson.toJson(SampleEvents.deploymentFailed());

    assertThat(json)
        .contains("\"environment\":\"STAGING\"")
        .contains("\"causationId\":\"0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9\"")
        .contains("\"occurredAt\":\"2025-03-14T09:26:53.589Z\"")
        .doesNotContain("{\"string\"");
  }

  @Test
  void shouldWrapOnlyUnionsWithSeveralNonNullTypes() {
    String json = EventJson.toJson(SampleEvents.pipelineCommand());

    assertThat(json).contains("\"command\":{\"Approve\":{\"runId\":\"run-7f3a\"");
  }

  @Test
  void shouldFillDefaultsForFieldsLeftOut() {
    CommitPushed commit = EventJson.read(MINIMAL_COMMIT, CommitPushed.class);

    assertThat(commit.getBranch()).isEqualTo("main");
    assertThat(commit.getSpecPath()).isEqualTo("mlpipe.yaml");
    assertThat(commit.getAuthor()).isEmpty();
    assertThat(commit.getChangedPaths()).isEmpty();
    assertThat(commit.getPullRequest()).isNull();
    assertThat(commit.getMeta().getCausationId()).isNull();
    assertThat(commit.getMeta().getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1741944413589L));
  }

  @Test
  void shouldAcceptIsoTimestampsAndPlainOrWrappedUnionValues() {
    String json =
        """
        {"meta": {"eventId": "e-1", "runId": "r-1", "causationId": {"string": "c-0"},
                  "occurredAt": "2025-03-14T11:26:53.589+02:00", "producer": "cli@laptop"},
         "model": "fraud", "repo": "/repos/fraud", "sha": "abc123", "pullRequest": 7}
        """;

    CommitPushed commit = EventJson.read(json, CommitPushed.class);

    assertThat(commit.getMeta().getCausationId()).isEqualTo("c-0");
    assertThat(commit.getMeta().getOccurredAt())
        .isEqualTo(Instant.parse("2025-03-14T09:26:53.589Z"));
    assertThat(commit.getPullRequest()).isEqualTo(7);
  }

  @Test
  void shouldChooseTheRecordBranchOfAUnionByItsFieldsOrItsWrapper() {
    String base =
        """
        {"model": "fraud", "requestedBy": "alice", "command": %s}
        """;
    EventMeta meta = SampleEvents.meta();

    PipelineCommand approve =
        EventJson.read(base.formatted("{\"runId\": \"r-9\"}"), PipelineCommand.class, () -> meta);
    PipelineCommand retrain =
        EventJson.read(
            base.formatted("{\"Retrain\": {\"reason\": \"new data\"}}"),
            PipelineCommand.class,
            () -> meta);
    PipelineCommand rollback =
        EventJson.read(
            base.formatted("{\"dev.mlpipe.schemas.Rollback\": {}}"),
            PipelineCommand.class,
            () -> meta);

    assertThat(approve.getCommand())
        .isEqualTo(
            Approve.newBuilder().setRunId("r-9").setEnvironment(Environment.PRODUCTION).build());
    assertThat(retrain.getCommand()).isEqualTo(Retrain.newBuilder().setReason("new data").build());
    assertThat(rollback.getCommand())
        .isEqualTo(Rollback.newBuilder().setToVersion(null).setReason("manual rollback").build());
    assertThat(EventJson.read(EventJson.toJson(retrain), PipelineCommand.class)).isEqualTo(retrain);
  }

  @Test
  void shouldUseTheSuppliedMetaOnlyWhenTheJsonHasNone() {
    EventMeta supplied = SampleEvents.meta();
    String withoutMeta =
        """
        {"model": "fraud", "repo": "/repos/fraud", "sha": "abc123"}
        """;

    assertThat(EventJson.read(withoutMeta, CommitPushed.class, () -> supplied).getMeta())
        .isEqualTo(supplied);
    assertThat(
            EventJson.read(MINIMAL_COMMIT, CommitPushed.class, () -> supplied).getMeta().getRunId())
        .isEqualTo("r-1");
    assertThatThrownBy(() -> EventJson.read(withoutMeta, CommitPushed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e -> assertThat(e.problems()).extracting(JsonProblem::path).containsExactly("meta"));
  }

  @Test
  void shouldNameThePathOfAMissingRequiredField() {
    String json = MINIMAL_COMMIT.replace("\"runId\": \"r-1\", ", "");

    assertThatThrownBy(() -> EventJson.read(json, CommitPushed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new JsonProblem("meta.runId", "missing required field; expected a string")))
        .hasMessageContaining("dev.mlpipe.schemas.CommitPushed")
        .hasMessageContaining("meta.runId: missing required field");
  }

  @Test
  void shouldReportAMistypedPrimitiveFieldAlongsideAMissingOneInsteadOfFailingOnTheFirst() {
    String json = "{\"model\": \"churn\", \"actual\": \"high\"}";

    assertThatThrownBy(() -> EventJson.read(json, FeedbackReceived.class, SampleEvents::meta))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .extracting(JsonProblem::path)
                    .containsExactlyInAnyOrder("predictionId", "actual"));
  }

  @Test
  void shouldNameThePathAndExpectedTypeOfAMistypedValueInAnArray() {
    String json =
        EventJson.toJson(SampleEvents.validationPassed())
            .replace("\"threshold\":0.01", "\"threshold\":\"one percent\"");

    assertThatThrownBy(() -> EventJson.read(json, ValidationPassed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo("report.checks[1].threshold");
                          assertThat(p.message())
                              .contains("expected null or a number")
                              .contains("\"one percent\"");
                        }));
  }

  @Test
  void shouldNameThePathAndSymbolsOfAnUnknownEnumSymbol() {
    String json = EventJson.toJson(SampleEvents.deploymentFailed()).replace("STAGING", "QA");

    assertThatThrownBy(() -> EventJson.read(json, DeploymentFailed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        new JsonProblem(
                            "environment",
                            "expected one of [STAGING, PRODUCTION], got string \"QA\"")));
  }

  @Test
  void shouldNameThePathOfAnUnknownField() {
    String json = MINIMAL_COMMIT.replace("\"producer\"", "\"color\": \"red\", \"producer\"");

    assertThatThrownBy(() -> EventJson.read(json, CommitPushed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo("meta.color");
                          assertThat(p.message())
                              .startsWith("unknown field; EventMeta has eventId, runId");
                        }));
  }

  @Test
  void shouldListEveryProblemAtOnce() {
    String json =
        """
        {"meta": {"eventId": 5, "runId": "r", "occurredAt": "yesterday", "producer": "p"},
         "model": "m", "repo": "r", "sha": null, "pullRequest": 1.5,
         "changedPaths": ["a", 3], "extra": true}
        """;

    assertThatThrownBy(() -> EventJson.read(json, CommitPushed.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .extracting(JsonProblem::path)
                    .containsExactly(
                        "meta.eventId",
                        "meta.occurredAt",
                        "sha",
                        "changedPaths[1]",
                        "pullRequest",
                        "extra"))
        .hasMessageContaining("6 problems")
        .hasMessageContaining("meta.occurredAt: expected a timestamp (epoch millis or ISO-8601");
  }

  @Test
  void shouldReportTextThatIsNotJsonOrNotAnObject() {
    assertThatThrownBy(() -> EventJson.read("{\"model\": ", CommitPushed.class))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("not valid JSON at line 1");
    assertThatThrownBy(() -> EventJson.read("[1, 2]", CommitPushed.class))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("expected a JSON object (CommitPushed), got ARRAY");
    assertThatThrownBy(() -> EventJson.read("  ", CommitPushed.class))
        .isInstanceOf(EventJsonException.class)
        .hasMessageContaining("empty document");
  }

  @Test
  void shouldReadGenericRecordsWithTimestampsAsEpochMillis() {
    GenericRecord record = EventJson.readGeneric(MINIMAL_COMMIT, CommitPushed.getClassSchema());

    assertThat(((GenericRecord) record.get("meta")).get("occurredAt")).isEqualTo(1741944413589L);
    assertThat(record.get("branch")).hasToString("main");
    assertThat(EventJson.toJson(record))
        .isEqualTo(EventJson.toJson(EventJson.read(MINIMAL_COMMIT, CommitPushed.class)));
  }

  @Test
  void shouldWriteMapKeysThatAreNotIdentifiersAsBracketedPaths() {
    String json =
        EventJson.toJson(SampleEvents.trainingFinished())
            .replace("\"k\":\"10\"", "\"learning rate\":0.1");

    assertThatThrownBy(() -> EventJson.read(json, dev.mlpipe.schemas.TrainingFinished.class))
        .isInstanceOfSatisfying(
            EventJsonException.class,
            e ->
                assertThat(e.problems())
                    .extracting(JsonProblem::path)
                    .containsExactly("hyperParameters[\"learning rate\"]"));
  }
}
