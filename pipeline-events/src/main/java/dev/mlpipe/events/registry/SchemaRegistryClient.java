package dev.mlpipe.events.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * What mlpipe needs of a Confluent-compatible schema registry. The HTTP implementation talks to the
 * embedded registry and, unchanged, to a real Confluent Schema Registry.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry answers with an error
 * (carrying Confluent's error code) and {@link RegistryUnavailableException} when it cannot be
 * reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers a schema under a subject (or finds it registered) and returns its global id. */
  int register(String subject, Schema schema);

  /** The registered version of this schema under this subject (POST /subjects/{subject}). */
  SchemaVersion lookUp(String subject, Schema schema);

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** One version of a subject; {@code version} may be a number or {@code latest}. */
  SchemaVersion version(String subject, String version);

  /** The newest version of a subject. */
  default SchemaVersion latest(String subject) {
    return version(subject, "latest");
  }

  /** Every subject that has at least one live version. */
  List<String> subjects();

  /** The live versions of a subject, ascending. */
  List<Integer> versions(String subject);

  /** Whether {@code schema} may be registered under {@code subject} given its compatibility. */
  CompatibilityResult testCompatibility(String subject, String version, Schema schema);

  /** The global compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** Sets the global compatibility level. */
  void setGlobalCompatibility(CompatibilityLevel level);

  /** The subject's own compatibility level, or the global one when the subject has none. */
  CompatibilityLevel subjectCompatibility(String subject);

  /** Sets a subject's own compatibility level. */
  void setSubjectCompatibility(String subject, CompatibilityLevel level);

  /** Deletes a subject (soft, or hard with {@code permanent}); returns the versions deleted. */
  List<Integer> deleteSubject(String subject, boolean permanent);

  /** Deletes one version of a subject (soft, or hard with {@code permanent}). */
  int deleteVersion(String subject, String version, boolean permanent);

  @Override
  void close();
}
