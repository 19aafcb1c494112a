package dev.mlpipe.events.runtime.internal;

import dev.mlpipe.events.runtime.DeadLetters;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record Kafka Streams cannot deserialize, unchanged, to its topic's dead-letter topic with
 * the KIP-1034 error headers, and goes on.
 */
public final class DeadLetterDeserializationHandler extends StageNamedHandler
    implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    var deadLetter = DeadLetters.of(record, exception, stage, Instant.now());
    log.warn(
        "stage {}: record {}-{}@{} cannot be deserialized, dead-lettered to {}: {}",
        stage,
        record.topic(),
        record.partition(),
        record.offset(),
        deadLetter.topic(),
        exception.toString(),
        exception);
    return Response.resume(List.of(deadLetter));
  }
}
