package dev.mlpipe.events.compat;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The compatibility scenario against mlpipe's own infrastructure: the in-process KRaft broker and
 * the embedded registry keeping its state in the broker's {@code _schemas} topic. Runs everywhere;
 * {@link ConfluentContainersIT} runs the same tests against the real images where Docker exists.
 */
class EmbeddedRegistryCompatIT extends RegistryAndSerdeScenario {

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry schemaRegistry;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    schemaRegistry = EmbeddedSchemaRegistry.startOnKafka(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    try {
      if (schemaRegistry != null) {
        schemaRegistry.close();
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  @Override
  protected String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  protected String registryUrl() {
    return schemaRegistry.url();
  }
}
