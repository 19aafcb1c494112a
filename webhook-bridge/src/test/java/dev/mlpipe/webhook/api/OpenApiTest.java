package dev.mlpipe.webhook.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiTest {

  private static final ObjectNode DOC = OpenApi.document();

  @Test
  void shouldDescribeOnePathPerEventTypeAndTheGitHubWebhook() {
    List<String> paths = new ArrayList<>();
    DOC.get("paths").fieldNames().forEachRemaining(paths::add);
    for (String type : EventTypes.all()) {
      assertThat(paths).contains("/v1/events/" + type);
    }
    assertThat(paths).contains("/webhooks/github");
  }

  @Test
  void shouldDeriveRequestSchemasFromAvroWithMetaOptional() {
    JsonNode commit = DOC.at("/components/schemas/CommitPushed");
    assertThat(commit.get("type").asText()).isEqualTo("object");
    List<String> required = new ArrayList<>();
    commit.get("required").forEach(r -> required.add(r.asText()));
    assertThat(required).containsExactlyInAnyOrder("model", "repo", "sha");
    assertThat(commit.at("/properties/changedPaths/type").asText()).isEqualTo("array");
    assertThat(commit.at("/properties/meta/$ref").asText())
        .isEqualTo("#/components/schemas/EventMeta");
    assertThat(DOC.at("/components/schemas/EventMeta/required").toString()).contains("runId");
  }

  @Test
  void shouldDescribeTheIdempotencyKeyHeaderAndItsAnswers() {
    JsonNode post = DOC.at("/paths/~1v1~1events~1commit/post");
    assertThat(post.at("/parameters/0/name").asText()).isEqualTo("Idempotency-Key");
    assertThat(post.at("/parameters/0/in").asText()).isEqualTo("header");
    assertThat(post.get("description").asText())
        .contains("at most once per key")
        .contains("replayed")
        .contains("422");
    assertThat(post.at("/responses/422/description").asText()).contains("Idempotency-Key");
    assertThat(DOC.at("/components/schemas/Published/properties/replayed/type").asText())
        .isEqualTo("boolean");
  }

  @Test
  void shouldResolveEveryReference() {
    List<String> refs = new ArrayList<>();
    collectRefs(DOC, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(DOC.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void shouldRequireTheBearerTokenForEvents() {
    assertThat(DOC.at("/paths/~1v1~1events~1commit/post/security/0").has("bearer")).isTrue();
    assertThat(DOC.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
