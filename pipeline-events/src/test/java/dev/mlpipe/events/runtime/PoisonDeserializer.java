package dev.mlpipe.events.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** A UTF-8 string deserializer that cannot decode the value {@value #POISON}, as a test input. */
public final class PoisonDeserializer implements Deserializer<String> {

  /** The value this deserializer refuses. */
  public static final String POISON = "poison";

  @Override
  public String deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    String value = new String(data, StandardCharsets.UTF_8);
    if (value.equals(POISON)) {
      throw new SerializationException("cannot decode the poison pill of " + topic);
    }
    return value;
  }
}
