package dev.mlpipe.events.serde;

import dev.mlpipe.events.registry.SchemaRegistryClient;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Options of the wire-format serializer and deserializer. Built in code, or from Kafka client
 * properties with Confluent's names ({@link #fromProperties(Map)}), so an existing Confluent
 * configuration means the same here.
 *
 * @param autoRegisterSchemas register the record's schema on first use (on: register and cache the
 *     id; off: look the id up and fail when the schema is not registered)
 * @param useLatestVersion write with the subject's latest registered schema instead of the record's
 *     own (the latest must be able to read the record's fields)
 * @param keySubjectNameStrategy how key subjects are named
 * @param valueSubjectNameStrategy how value subjects are named
 * @param specificAvroReader deserialize into generated classes (true) or generic records (false)
 */
public record WireSerdeConfig(
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    SubjectNameStrategy keySubjectNameStrategy,
    SubjectNameStrategy valueSubjectNameStrategy,
    boolean specificAvroReader) {

  /** Confluent's property: register schemas on first use. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Confluent's property: write with the subject's latest schema. */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Confluent's property: strategy for key subjects. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /** Confluent's property: strategy for value subjects. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Confluent's property: deserialize into generated classes. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /**
   * mlpipe's property carrying the {@link SchemaRegistryClient} instance to use, for serdes that
   * Kafka instantiates by class name and configures with {@code configure(Map, boolean)}.
   */
  public static final String REGISTRY_CLIENT = "mlpipe.schema.registry.client";

  public WireSerdeConfig {
    Objects.requireNonNull(keySubjectNameStrategy, "keySubjectNameStrategy");
    Objects.requireNonNull(valueSubjectNameStrategy, "valueSubjectNameStrategy");
  }

  /**
   * The defaults, as Confluent's: auto-register on, latest version off, topic name strategy,
   * specific reader on (generated classes are mlpipe's normal way to read events).
   */
  public static WireSerdeConfig defaults() {
    return new WireSerdeConfig(
        true, false, SubjectNameStrategy.TOPIC, SubjectNameStrategy.TOPIC, true);
  }

  /**
   * Reads the options from Kafka client properties; absent properties keep their defaults, and a
   * value that is not valid fails with the property, the value and what is allowed.
   */
  public static WireSerdeConfig fromProperties(Map<String, ?> properties) {
    Objects.requireNonNull(properties, "properties");
    WireSerdeConfig d = defaults();
    return new WireSerdeConfig(
        bool(properties, AUTO_REGISTER_SCHEMAS, d.autoRegisterSchemas()),
        bool(properties, USE_LATEST_VERSION, d.useLatestVersion()),
        strategy(properties, KEY_SUBJECT_NAME_STRATEGY, d.keySubjectNameStrategy()),
        strategy(properties, VALUE_SUBJECT_NAME_STRATEGY, d.valueSubjectNameStrategy()),
        bool(properties, SPECIFIC_AVRO_READER, d.specificAvroReader()));
  }

  /** The strategy for keys or values. */
  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
  }

  /** A copy with auto-registration on or off. */
  public WireSerdeConfig withAutoRegisterSchemas(boolean value) {
    return new WireSerdeConfig(
        value,
        useLatestVersion,
        keySubjectNameStrategy,
        valueSubjectNameStrategy,
        specificAvroReader);
  }

  /** A copy that writes with the subject's latest schema, or not. */
  public WireSerdeConfig withUseLatestVersion(boolean value) {
    return new WireSerdeConfig(
        autoRegisterSchemas,
        value,
        keySubjectNameStrategy,
        valueSubjectNameStrategy,
        specificAvroReader);
  }

  /** A copy with this value subject name strategy. */
  public WireSerdeConfig withValueSubjectNameStrategy(SubjectNameStrategy value) {
    return new WireSerdeConfig(
        autoRegisterSchemas, useLatestVersion, keySubjectNameStrategy, value, specificAvroReader);
  }

  /** A copy with this key subject name strategy. */
  public WireSerdeConfig withKeySubjectNameStrategy(SubjectNameStrategy value) {
    return new WireSerdeConfig(
        autoRegisterSchemas, useLatestVersion, value, valueSubjectNameStrategy, specificAvroReader);
  }

  /** A copy that reads generated classes (true) or generic records (false). */
  public WireSerdeConfig withSpecificAvroReader(boolean value) {
    return new WireSerdeConfig(
        autoRegisterSchemas,
        useLatestVersion,
        keySubjectNameStrategy,
        valueSubjectNameStrategy,
        value);
  }

  private static boolean bool(Map<String, ?> properties, String key, boolean fallback) {
    Object value = properties.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "invalid value '" + value + "' for " + key + "; use true or false");
    };
  }

  private static SubjectNameStrategy strategy(
      Map<String, ?> properties, String key, SubjectNameStrategy fallback) {
    Object value = properties.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof SubjectNameStrategy s) {
      return s;
    }
    if (value instanceof Class<?> c) {
      value = c.getName();
    }
    try {
      return SubjectNameStrategy.parse(value.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
