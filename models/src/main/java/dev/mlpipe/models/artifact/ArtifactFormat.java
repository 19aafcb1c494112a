package dev.mlpipe.models.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.mlp.Activation;
import dev.mlpipe.models.mlp.DenseLayer;
import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The artifact file: a magic line {@code MLPIPE-ARTIFACT/1}, the model card as JSON (so {@code head
 * -c 4096} shows what a file is), then the parameters in a tagged binary section. Encoding is
 * deterministic: the same model and card give the same bytes, hence the same SHA-256.
 *
 * <pre>
 *   "MLPIPE-ARTIFACT/1\n"  int cardLength  card JSON (UTF-8)
 *   UTF kind ("factor-model" | "tabular-mlp")  kind-specific body
 * </pre>
 *
 * <p>The tabular body was added as a new kind of the tagged section, so the format stays version 1:
 * every recommender artifact written before reads as it did, and a reader that predates the kind
 * refuses a tabular artifact as "parameters of unknown kind" instead of misreading it.
 *
 * <pre>
 *   tabular-mlp: UTF task, UTF target, double threshold, targetMean, targetScale,
 *                int encoders, each: UTF "numeric" name mean scale
 *                | UTF "numeric-imputed" name mean scale fill | UTF "categorical" name
 *                int n, n UTF categories;
 *                int layers, each: int inputs, int outputs, UTF activation, doubles weights, bias
 * </pre>
 */
public final class ArtifactFormat {

  static final byte[] MAGIC = "MLPIPE-ARTIFACT/1\n".getBytes(StandardCharsets.US_ASCII);
  static final String FACTOR_MODEL = "factor-model";
  static final String TABULAR_MLP = "tabular-mlp";
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
      ByteArrayOutputStream bytes =
          new ByteArrayOutputStream(
              artifact.isTabular() ? 64 * 1024 : estimateSize(artifact.factors()));
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      byte[] card = JSON.writeValueAsBytes(artifact.card());
      out.writeInt(card.length);
      out.write(card);
      if (artifact.isTabular()) {
        out.writeUTF(TABULAR_MLP);
        writeMlp(artifact.mlp(), out);
      } else {
        out.writeUTF(FACTOR_MODEL);
        writeFactors(artifact.factors(), out);
      }
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
      ModelArtifact artifact;
      if (FACTOR_MODEL.equals(kind)) {
        artifact = new ModelArtifact(card, readFactors(in));
      } else if (TABULAR_MLP.equals(kind)) {
        artifact = ModelArtifact.tabular(card, readMlp(in));
      } else {
        throw malformed("it holds parameters of unknown kind '" + kind + "'");
      }
      if (in.available() > 0) {
        throw malformed(in.available() + " unexpected bytes after the parameters");
      }
      return artifact;
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

  private static void writeMlp(MlpModel m, DataOutputStream out) throws IOException {
    out.writeUTF(m.task().name());
    out.writeUTF(m.target());
    out.writeDouble(m.threshold());
    out.writeDouble(m.targetMean());
    out.writeDouble(m.targetScale());
    out.writeInt(m.encoders().size());
    for (FeatureEncoder e : m.encoders()) {
      if (e instanceof FeatureEncoder.Numeric n) {
        out.writeUTF(n.fillsMissing() ? "numeric-imputed" : "numeric");
        out.writeUTF(n.name());
        out.writeDouble(n.mean());
        out.writeDouble(n.scale());
        if (n.fillsMissing()) {
          out.writeDouble(n.fill());
        }
      } else {
        FeatureEncoder.Categorical c = (FeatureEncoder.Categorical) e;
        out.writeUTF("categorical");
        out.writeUTF(c.name());
        out.writeInt(c.categories().size());
        for (String category : c.categories()) {
          out.writeUTF(category);
        }
      }
    }
    out.writeInt(m.layers().size());
    for (DenseLayer layer : m.layers()) {
      out.writeInt(layer.inputs());
      out.writeInt(layer.outputs());
      out.writeUTF(layer.activation().name());
      writeDoubles(layer.weights(), out);
      writeDoubles(layer.bias(), out);
    }
  }

  private static MlpModel readMlp(DataInputStream in) throws IOException {
    try {
      TabularTask task = TabularTask.valueOf(in.readUTF());
      String target = in.readUTF();
      double threshold = in.readDouble();
      double targetMean = in.readDouble();
      double targetScale = in.readDouble();
      int encoderCount = readCount(in, "feature encoders");
      List<FeatureEncoder> encoders = new ArrayList<>(encoderCount);
      for (int e = 0; e < encoderCount; e++) {
        String kind = in.readUTF();
        String name = in.readUTF();
        if (kind.equals("numeric")) {
          encoders.add(new FeatureEncoder.Numeric(name, in.readDouble(), in.readDouble()));
        } else if (kind.equals("numeric-imputed")) {
          encoders.add(
              new FeatureEncoder.Numeric(
                  name, in.readDouble(), in.readDouble(), finite(in.readDouble(), name)));
        } else if (kind.equals("categorical")) {
          int n = readCount(in, "categories");
          List<String> categories = new ArrayList<>(n);
          for (int k = 0; k < n; k++) {
            categories.add(in.readUTF());
          }
          encoders.add(new FeatureEncoder.Categorical(name, categories));
        } else {
          throw malformed("feature " + name + " has an unknown encoding '" + kind + "'");
        }
      }
      int layerCount = readCount(in, "layers");
      List<DenseLayer> layers = new ArrayList<>(layerCount);
      for (int l = 0; l < layerCount; l++) {
        int inputs = in.readInt();
        int outputs = in.readInt();
        Activation activation = Activation.valueOf(in.readUTF());
        layers.add(new DenseLayer(inputs, outputs, readDoubles(in), readDoubles(in), activation));
      }
      return new MlpModel(task, target, encoders, layers, threshold, targetMean, targetScale);
    } catch (IllegalArgumentException e) {
      throw malformed("its MLP is inconsistent: " + e.getMessage());
    }
  }

  private static int readCount(DataInputStream in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw malformed("its count of " + what + " " + n + " is out of range");
    }
    return n;
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

  private static double finite(double fill, String feature) throws ArtifactException {
    if (!Double.isFinite(fill)) {
      throw malformed("feature " + feature + " fills a missing number with " + fill);
    }
    return fill;
  }

  private static ArtifactException malformed(String problem) {
    return new ArtifactException(
        ArtifactException.Kind.MALFORMED, "not a valid mlpipe artifact: " + problem);
  }
}
