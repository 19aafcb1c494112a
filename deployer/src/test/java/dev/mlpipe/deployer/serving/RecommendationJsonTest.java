package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecommendationJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldWriteTheSameJsonAsJacksonDoesForTheAnswersMap() throws Exception {
    Recommendation rec = new Recommendation(List.of(50, 7), List.of(4.25, 3.0000001), false);
    Recommendation fallback =
        new Recommendation(List.of(1, 2), List.of(Double.NaN, Double.NaN), true);

    for (Recommendation r : List.of(rec, fallback)) {
      byte[] written =
          ServingServer.recommendationJson("m \"quoted\"\u00e9", "v1\\x", "id-1", -3, r);
      assertThat(new String(written, StandardCharsets.UTF_8))
          .isEqualTo(JSON.writeValueAsString(asMap("m \"quoted\"\u00e9", "v1\\x", "id-1", -3, r)));
    }
  }

  @Test
  void shouldDrawDistinctVersion4PredictionIds() {
    String a = PredictionIds.next();
    String b = PredictionIds.next();

    assertThat(a).isNotEqualTo(b);
    UUID id = UUID.fromString(a);
    assertThat(id.version()).isEqualTo(4);
    assertThat(id.variant()).isEqualTo(2);
  }

  private static Map<String, Object> asMap(
      String model, String version, String id, int user, Recommendation rec) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("version", version);
    body.put("predictionId", id);
    body.put("user", user);
    body.put("fallback", rec.fallback());
    List<Map<String, Object>> items =
        java.util.stream.IntStream.range(0, rec.items().size())
            .mapToObj(
                i -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("item", rec.items().get(i));
                  if (!Double.isNaN(rec.scores().get(i))) {
                    item.put("score", rec.scores().get(i));
                  }
                  return item;
                })
            .toList();
    body.put("items", items);
    return body;
  }
}
