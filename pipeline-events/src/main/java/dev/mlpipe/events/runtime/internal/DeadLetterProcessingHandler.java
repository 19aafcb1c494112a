package dev.mlpipe.events.runtime.internal;

import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the source record of a failed processing step, as it was read (raw key and value,
 * timestamp, headers), to its topic's dead-letter topic with the KIP-1034 error headers, and goes
 * on. A failure outside any source record (a punctuation) has nothing to dead-letter and fails the
 * stream thread.
 */
public final class DeadLetterProcessingHandler extends StageNamedHandler
    implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (context.topic() == null) {
      log.error(
          "stage {}: processor {} failed outside any source record (task {}), failing: {}",
          stage,
          context.processorNodeId(),
          context.taskId(),
          exception.toString(),
          exception);
      return Response.fail();
    }
    Headers headers =
        context.headers() == null
            ? new RecordHeaders()
            : new RecordHeaders(context.headers().toArray());
    DeadLetters.addErrorHeaders(
        headers,
        exception,
        context.topic(),
        context.partition(),
        context.offset(),
        stage,
        Instant.now());
    ProducerRecord<byte[], byte[]> deadLetter =
        new ProducerRecord<>(
            Topics.deadLetterTopicOf(context.topic()),
            null,
            context.timestamp() < 0 ? null : context.timestamp(),
            context.sourceRawKey(),
            context.sourceRawValue(),
            headers);
    log.warn(
        "stage {}: processor {} failed on {}-{}@{}, dead-lettered to {}: {}",
        stage,
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        deadLetter.topic(),
        exception.toString(),
        exception);
    return Response.resume(List.of(deadLetter));
  }
}
