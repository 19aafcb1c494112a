package dev.mlpipe.cli.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a consumed record into what {@code watch} and {@code up} print: a readable line or a JSON
 * object. A record that cannot be decoded is shown as such, with the reason, and never stops the
 * watch.
 */
public final class EventPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventCodec codec;
  private final EventLine line;
  private final boolean json;

  public EventPrinter(EventCodec codec, EventLine line, boolean json) {
    this.codec = codec;
    this.line = line;
    this.json = json;
  }

  /** The text for one record. */
  public String print(ConsumerRecord<String, byte[]> record) {
    boolean deadLetter = Topics.isDeadLetterTopic(record.topic());
    String originalTopic =
        deadLetter ? Topics.sourceOfDeadLetterTopic(record.topic()) : record.topic();
    SpecificRecord event = null;
    String problem = null;
    try {
      event = codec.decode(originalTopic, record.partition(), record.offset(), record.value());
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    return json
        ? json(record, event, problem, deadLetter)
        : text(record, event, problem, deadLetter);
  }

  private String text(
      ConsumerRecord<String, byte[]> record, SpecificRecord event, String problem, boolean dlq) {
    String prefix =
        dlq
            ? "DEAD LETTER " + record.topic() + " (" + header(record, DeadLetters.MESSAGE) + ") "
            : "";
    if (event == null) {
      return prefix
          + "undecodable record "
          + record.topic()
          + "/"
          + record.partition()
          + "@"
          + record.offset()
          + " key="
          + record.key()
          + ": "
          + problem;
    }
    return prefix + line.format(event);
  }

  private String json(
      ConsumerRecord<String, byte[]> record, SpecificRecord event, String problem, boolean dlq) {
    ObjectNode node = JSON.createObjectNode();
    node.put("topic", record.topic());
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("key", record.key());
    if (event != null) {
      node.set("value", codec.toJsonTree(event));
    } else {
      node.putNull("value");
      node.put("error", problem);
    }
    if (dlq) {
      ObjectNode headers = node.putObject("headers");
      for (Header h : record.headers()) {
        headers.put(
            h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return node.toString();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null
        ? "no reason recorded"
        : new String(h.value(), StandardCharsets.UTF_8);
  }
}
