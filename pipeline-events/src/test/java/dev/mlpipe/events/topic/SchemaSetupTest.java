package dev.mlpipe.events.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.schemas.CommitPushed;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaSetupTest {

  private final EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.startInMemory();
  private final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(server.url());

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void shouldRegisterEveryCatalogueSchemaOnceAndKeepTheIdsOnASecondRun() {
    Map<String, Integer> first = new SchemaSetup(client).registerCatalogue();
    Map<String, Integer> second = new SchemaSetup(client).registerCatalogue();

    assertThat(first).hasSize(Topics.ALL.size()).containsKey("mlpipe.commit-value");
    assertThat(second).isEqualTo(first);
    assertThat(client.versions("mlpipe.commit-value")).containsExactly(1);
    assertThat(client.latest("mlpipe.commit-value").schema())
        .isEqualTo(CommitPushed.getClassSchema());
  }

  @Test
  void shouldRefuseToStartWhenARegisteredSchemaCannotEvolveToTheCatalogueOne() {
    // Someone registered a CommitPushed whose `sha` was a long: the catalogue's string is not
    // BACKWARD compatible with it.
    Schema incompatible =
        SchemaBuilder.record("CommitPushed")
            .namespace("dev.mlpipe.schemas")
            .fields()
            .requiredLong("sha")
            .endRecord();
    client.register(Topics.COMMIT.valueSubject(), incompatible);

    assertThatThrownBy(() -> new SchemaSetup(client).registerCatalogue())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("subject mlpipe.commit-value")
        .hasMessageContaining("error 409")
        .hasMessageContaining("BACKWARD");
  }
}
