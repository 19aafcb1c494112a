package dev.mlpipe.events.runtime.internal;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What both Streams dead-letter handlers share: the stage they sign dead letters with, which is the
 * application id Kafka Streams configures them with.
 */
abstract class StageNamedHandler {

  /** The stage name, {@code unknown} until configured. */
  protected String stage = "unknown";

  public void configure(Map<String, ?> configs) {
    Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (applicationId != null) {
      stage = applicationId.toString();
    }
  }
}
