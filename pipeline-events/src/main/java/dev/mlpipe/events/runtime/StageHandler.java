package dev.mlpipe.events.runtime;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a stage does with one input event: the records it publishes in reaction, in the same
 * transaction as the input's offset. It should not have side effects outside Kafka that are not
 * idempotent, because a transaction that is aborted (a crash, a rebalance) makes the runtime hand
 * the same event again.
 *
 * @param <I> the decoded input value type
 * @param <O> the output value type
 */
@FunctionalInterface
public interface StageHandler<I, O> {

  /**
   * Reacts to one event.
   *
   * @return the records to publish, possibly none; keys are model names
   * @throws Exception when the event cannot be handled: the stage's failure policy decides what
   *     happens to it
   */
  List<ProducerRecord<String, O>> handle(InputEvent<I> event) throws Exception;
}
