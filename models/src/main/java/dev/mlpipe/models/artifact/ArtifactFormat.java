package dev.mlpipe.models.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlpipe.models.factor.FactorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The artifact file: a magic line {@code MLPIPE-ARTIFACT/1}, the model card as JSON (so {@code head
 * -c 4096} shows what a file is), then the parameters in a tagged binary section. Encoding is
 * deterministic: the same model and card give the same bytes, hence the same SHA-256.
 *
 * <pre>
 *   "MLPIPE-ARTIFACT/1\n"  int cardLength  card JSON (UTF-8)
 *   UTF kind ("factor-model")  kind-specific body
 * </pre>
 */
public final class ArtifactFormat {

  static final byte[] MAGIC = "MLPIPE-ARTIFACT/1\n".getBytes(StandardCharsets.US_ASCII);
  static final String FACTOR_MODEL = "factor-model";
  private static final int MAX_CARD_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ArtifactFormat() {}

  /** The artifact's bytes. */
  public static byte[] encode(ModelArtifact artifact) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimateSize(artifact.factors()));
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      byte[] card = JSON.writeValueAsBytes(artifact.card());
      out.writeInt(card.length);
      out.write(card);
      out.writeUTF(FACTOR_MODEL);
      writeFactors(artifact.factors(), out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  /**
   * The artifact in the bytes.
   *
   * @throws ArtifactException MALFORMED when the bytes are not a complete artifact of a known kind
   */
  public static ModelArtifact decode(byte[] content) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
    try {
      if (content.length < MAGIC.length
          || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
        throw malformed(
            "it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII).trim());
      }
      in.skipNBytes(MAGIC.length);
      int cardLength = in.readInt();
      if (cardLength <= 0 || cardLength > MAX_CARD_BYTES) {
        throw malformed("its model card length " + cardLength + " is out of range");
      }
      byte[] cardJson = new byte[cardLength];
      in.readFully(cardJson);
      ModelCard card;
      try {
        card = JSON.readValue(cardJson, ModelCard.class);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw malformed("its model card is invalid: " + e.getMessage());
      }
      String kind = in.readUTF();
      if (!FACTOR_MODEL.equals(kind)) {
        throw malformed("it holds parameters of unknown kind '" + kind + "'");
      }
      FactorModel factors = readFactors(in);
      if (in.available() > 0) {
        throw malformed(in.available() + " unexpected bytes after the parameters");
      }
      return new ModelArtifact(card, factors);
    } catch (EOFException e) {
      throw malformed("it is truncated");
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
  }

  /** Stores the artifact and returns where it is. */
  public static StoredArtifact store(ArtifactStore store, ModelArtifact artifact) {
    return store.put(encode(artifact));
  }

  /** Reads, verifies and decodes the artifact stored under the SHA-256. */
  public static ModelArtifact load(ArtifactStore store, String sha256) {
    return decode(store.read(sha256));
  }

  private static void writeFactors(FactorModel m, DataOutputStream out) throws IOException {
    out.writeDouble(m.globalMean());
    out.writeDouble(m.minRating());
    out.writeDouble(m.maxRating());
    out.writeInt(m.rank());
    writeInts(m.users(), out);
    writeInts(m.catalogue(), out);
    writeDoubles(m.userBiases(), out);
    writeDoubles(m.itemBiases(), out);
    writeDoubles(m.userFactors(), out);
    writeDoubles(m.itemFactors(), out);
  }

  private static FactorModel readFactors(DataInputStream in) throws IOException {
    double mean = in.readDouble();
    double min = in.readDouble();
    double max = in.readDouble();
    int rank = in.readInt();
    int[] users = readInts(in);
    int[] items = readInts(in);
    double[] userBias = readDoubles(in);
    double[] itemBias = readDoubles(in);
    double[] userFactors = readDoubles(in);
    double[] itemFactors = readDoubles(in);
    if (rank <= 0) {
      throw malformed("its factor rank " + rank + " is not positive");
    }
    try {
      return FactorModel.of(
          mean, min, max, rank, users, items, userBias, itemBias, userFactors, itemFactors);
    } catch (IllegalArgumentException e) {
      throw malformed("its factors are inconsistent: " + e.getMessage());
    }
  }

  private static void writeInts(int[] values, DataOutputStream out) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static void writeDoubles(double[] values, DataOutputStream out) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int n = readLength(in, Integer.BYTES);
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    int n = readLength(in, Double.BYTES);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  private static int readLength(DataInputStream in, int elementBytes) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * elementBytes > in.available()) {
      throw malformed(
          "it is truncated or corrupt: an array of "
              + n
              + " values needs more than the "
              + in.available()
              + " bytes that follow");
    }
    return n;
  }

  private static int estimateSize(FactorModel m) {
    long doubles = 3L + m.userBiases().length + m.itemBiases().length;
    doubles += (long) m.rank() * (m.users().length + m.catalogue().length);
    return (int) Math.min(Integer.MAX_VALUE - 16, 4096 + doubles * Double.BYTES);
  }

  private static ArtifactException malformed(String problem) {
    return new ArtifactException(
        ArtifactException.Kind.MALFORMED, "not a valid mlpipe artifact: " + problem);
  }
}
