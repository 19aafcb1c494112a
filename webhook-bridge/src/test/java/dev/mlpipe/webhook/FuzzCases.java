package dev.mlpipe.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.webhook.github.GitHubPayloads;
import dev.mlpipe.webhook.signature.Signatures;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded random requests for the webhook bridge, each either well-formed, mutated or hostile, and
 * each knowing whether it carries a valid signature (or API token), which is the only thing that
 * may make the bridge publish.
 */
final class FuzzCases {

  /** What a case attacks. */
  enum Kind {
    VALID,
    MUTATED_SIGNED,
    BAD_SIGNATURE,
    TRUNCATED,
    TRUNCATED_SIGNED,
    WRONG_TYPES,
    DEEP_NESTING,
    INVALID_UTF8,
    GARBAGE,
    HUGE,
    OVERSIZED,
    ODD_HEADERS,
    FORM,
    REDELIVERY,
    API
  }

  /**
   * One request.
   *
   * @param kind what it attacks
   * @param path the path on the bridge
   * @param headers the request headers
   * @param body the body
   * @param authorized whether it carries a valid signature or API token
   * @param mayBeCutOff whether the bridge may close the connection instead of answering (a body
   *     over twice the limit)
   */
  record Case(
      Kind kind,
      String path,
      Map<String, String> headers,
      byte[] body,
      boolean authorized,
      boolean mayBeCutOff) {

    String describe() {
      String start = new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
      return kind + " " + path + " " + headers + " (" + body.length + " bytes: " + start + ")";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 25 * 1024 * 1024;

  private final Random random;
  private final String secret;
  private final String token;
  private final List<String> authorizedShas = new ArrayList<>();
  private final List<Case> published = new ArrayList<>();

  FuzzCases(long seed, String secret, String token) {
    this.random = new Random(seed);
    this.secret = secret;
    this.token = token;
  }

  /** The shas of the well-formed deliveries {@link #valid()} made. */
  List<String> authorizedShas() {
    return authorizedShas;
  }

  /** A well-formed, signed push of a new commit. */
  Case valid() {
    String sha = sha();
    authorizedShas.add(sha);
    Case c = github(Kind.VALID, push(sha).toString().getBytes(StandardCharsets.UTF_8), true);
    published.add(c);
    return c;
  }

  /** The next random case. */
  Case next() {
    int dice = random.nextInt(1000);
    if (dice < 30) {
      return valid();
    }
    if (dice < 230) {
      ObjectNode push = push(sha());
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        mutate(push);
      }
      return github(Kind.MUTATED_SIGNED, bytes(push), true);
    }
    if (dice < 380) {
      byte[] body = bytes(push(sha()));
      return withSignature(Kind.BAD_SIGNATURE, body, badSignature(body));
    }
    if (dice < 450) {
      byte[] body = bytes(push(sha()));
      byte[] cut = java.util.Arrays.copyOf(body, random.nextInt(body.length));
      return withSignature(Kind.TRUNCATED, cut, Signatures.sign(secret, body));
    }
    if (dice < 500) {
      byte[] body = bytes(push(sha()));
      return github(
          Kind.TRUNCATED_SIGNED, java.util.Arrays.copyOf(body, random.nextInt(body.length)), true);
    }
    if (dice < 580) {
      return github(Kind.WRONG_TYPES, wrongTypes(), true);
    }
    if (dice < 630) {
      return github(Kind.DEEP_NESTING, deep(500 + random.nextInt(60_000)), true);
    }
    if (dice < 710) {
      return github(Kind.INVALID_UTF8, invalidUtf8(), true);
    }
    if (dice < 790) {
      byte[] garbage = new byte[random.nextInt(4096)];
      random.nextBytes(garbage);
      boolean signed = random.nextBoolean();
      return withSignature(
          Kind.GARBAGE, garbage, signed ? Signatures.sign(secret, garbage) : badSignature(garbage));
    }
    if (dice < 794) {
      return github(Kind.HUGE, huge(1024 * 1024 + random.nextInt(4 * 1024 * 1024)), true);
    }
    if (dice < 795) {
      return new Case(
          Kind.OVERSIZED,
          "/webhooks/github",
          headers("push", Signatures.sign(secret, new byte[0])),
          huge(MAX_BODY + 1 + random.nextInt(4 * 1024 * 1024)),
          false,
          true);
    }
    if (dice < 840) {
      return oddHeaders();
    }
    if (dice < 880) {
      return form();
    }
    if (dice < 890 && !published.isEmpty()) {
      Case earlier = published.get(random.nextInt(published.size()));
      return new Case(
          Kind.REDELIVERY, earlier.path(), earlier.headers(), earlier.body(), true, false);
    }
    return api();
  }

  private Case github(Kind kind, byte[] body, boolean signed) {
    return withSignature(kind, body, signed ? Signatures.sign(secret, body) : badSignature(body));
  }

  private Case withSignature(Kind kind, byte[] body, String signature) {
    boolean valid = signature != null && signature.equals(Signatures.sign(secret, body));
    return new Case(kind, "/webhooks/github", headers("push", signature), body, valid, false);
  }

  private static Map<String, String> headers(String event, String signature) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-GitHub-Event", event);
    headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
    if (signature != null) {
      headers.put(Signatures.HEADER, signature);
    }
    return headers;
  }

  private String badSignature(byte[] body) {
    String good = Signatures.sign(secret, body);
    switch (random.nextInt(9)) {
      case 0:
        return null;
      case 1:
        return "";
      case 2:
        return "sha256=";
      case 3:
        return Signatures.sign(secret + "x", body);
      case 4:
        {
          char[] chars = good.toCharArray();
          int i = 7 + random.nextInt(chars.length - 7);
          chars[i] = chars[i] == '0' ? '1' : '0';
          return new String(chars);
        }
      case 5:
        return "sha1=" + good.substring(7, 47);
      case 6:
        return good.substring(0, good.length() - 1 - random.nextInt(20));
      case 7:
        return Signatures.sign(secret, (new String(body, StandardCharsets.UTF_8) + " ").getBytes());
      default:
        return "sha256=" + "zz".repeat(32);
    }
  }

  private ObjectNode push(String sha) {
    ObjectNode push = GitHubPayloads.push();
    push.put("after", sha);
    ((ObjectNode) push.get("head_commit")).put("id", sha);
    ((ObjectNode) push.get("commits").get(0)).put("id", sha);
    return push;
  }

  private String sha() {
    byte[] bytes = new byte[20];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Removes a field, or gives it a value of another type, somewhere in the tree. */
  private void mutate(ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collect(root, objects);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    if (names.isEmpty()) {
      return;
    }
    String name = names.get(random.nextInt(names.size()));
    switch (random.nextInt(9)) {
      case 0 -> target.remove(name);
      case 1 -> target.putNull(name);
      case 2 -> target.put(name, random.nextLong());
      case 3 -> target.put(name, random.nextDouble() * 1e300);
      case 4 -> target.put(name, random.nextBoolean());
      case 5 -> target.putArray(name).add(random.nextInt()).add("x");
      case 6 -> target.putObject(name).put("unexpected", true);
      case 7 -> target.put(name, "x".repeat(random.nextInt(100_000)));
      default -> target.put(name, "\u0000\uFFFF\uD83D\uDE00 ../../etc/passwd ${jndi:ldap://x}");
    }
  }

  private static void collect(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode object) {
      into.add(object);
    }
    node.elements().forEachRemaining(child -> collect(child, into));
  }

  private byte[] wrongTypes() {
    return switch (random.nextInt(8)) {
      case 0 -> "[]".getBytes(StandardCharsets.UTF_8);
      case 1 -> "42".getBytes(StandardCharsets.UTF_8);
      case 2 -> "\"push\"".getBytes(StandardCharsets.UTF_8);
      case 3 -> "null".getBytes(StandardCharsets.UTF_8);
      case 4 -> new byte[0];
      case 5 -> {
        ObjectNode push = push(sha());
        push.put("repository", "acme/recsys");
        yield bytes(push);
      }
      case 6 -> {
        ObjectNode push = push(sha());
        push.putArray("head_commit").add(1);
        push.put("commits", "none");
        yield bytes(push);
      }
      default -> {
        ObjectNode push = push(sha());
        push.put("ref", 7);
        push.put("after", 1.5);
        yield bytes(push);
      }
    };
  }

  private byte[] deep(int depth) {
    boolean arrays = random.nextBoolean();
    StringBuilder s = new StringBuilder("{\"ref\":\"refs/heads/main\",\"head_commit\":");
    for (int i = 0; i < depth; i++) {
      s.append(arrays ? "[" : "{\"a\":");
    }
    s.append("1");
    for (int i = 0; i < depth; i++) {
      s.append(arrays ? "]" : "}");
    }
    return s.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] invalidUtf8() {
    byte[][] invalid = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF, (byte) 0xFE},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82}
    };
    byte[] body = bytes(push(sha()));
    String text = new String(body, StandardCharsets.UTF_8);
    // Inside the commit message, or anywhere.
    int at =
        random.nextBoolean()
            ? text.indexOf("Raise the factor count") + 5
            : random.nextInt(body.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, at);
    out.writeBytes(invalid[random.nextInt(invalid.length)]);
    out.write(body, at, body.length - at);
    return out.toByteArray();
  }

  private byte[] huge(int size) {
    ObjectNode push = push(sha());
    push.put("padding", "");
    String json = push.toString();
    int insert = json.indexOf("\"padding\":\"") + "\"padding\":\"".length();
    byte[] prefix = json.substring(0, insert).getBytes(StandardCharsets.UTF_8);
    byte[] suffix = json.substring(insert).getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[Math.max(size, prefix.length + suffix.length)];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    java.util.Arrays.fill(body, prefix.length, body.length - suffix.length, (byte) 'a');
    System.arraycopy(suffix, 0, body, body.length - suffix.length, suffix.length);
    return body;
  }

  private Case oddHeaders() {
    byte[] body = bytes(push(sha()));
    Map<String, String> headers = headers("push", Signatures.sign(secret, body));
    switch (random.nextInt(7)) {
      case 0 -> headers.remove("X-GitHub-Event");
      case 1 -> headers.remove("X-GitHub-Delivery");
      case 2 -> headers.put("X-GitHub-Delivery", "d".repeat(1 + random.nextInt(4000)));
      case 3 -> headers.put("X-GitHub-Event", "x".repeat(1 + random.nextInt(200)));
      case 4 -> headers.put("Content-Type", "text/plain; charset=klingon");
      case 5 -> headers.remove("Content-Type");
      default -> headers.put("X-GitHub-Event", random.nextBoolean() ? "ping" : "pull_request");
    }
    return new Case(Kind.ODD_HEADERS, "/webhooks/github", headers, body, true, false);
  }

  private Case form() {
    String json = push(sha()).toString();
    String body =
        switch (random.nextInt(4)) {
          case 0 -> "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
          case 1 -> "payload=%zz%" + URLEncoder.encode(json, StandardCharsets.UTF_8);
          case 2 -> "nopayload=1&x=%E2%82";
          default -> "payload=" + json.substring(0, random.nextInt(json.length()));
        };
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    Map<String, String> headers = headers("push", Signatures.sign(secret, bytes));
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    return new Case(Kind.FORM, "/webhooks/github", headers, bytes, true, false);
  }

  private Case api() {
    String[] types = {"commit", "feedback", "training-finished", "no-such-type", "commit/x", ""};
    String type = types[random.nextInt(types.length)];
    String authorization =
        switch (random.nextInt(6)) {
          case 0 -> null;
          case 1 -> "Bearer wrong-token";
          case 2 -> "Bearer " + token + "x";
          case 3 -> "Basic " + token;
          default -> "Bearer " + token;
        };
    ObjectNode commit = JSON.createObjectNode();
    commit.put("model", "recsys");
    commit.put("repo", "https://git.example.com/recsys.git");
    commit.put("sha", sha());
    byte[] body =
        switch (random.nextInt(5)) {
          case 0 -> bytes(commit);
          case 1 -> {
            mutate(commit);
            yield bytes(commit);
          }
          case 2 -> deep(500 + random.nextInt(20_000));
          case 3 -> invalidUtf8();
          default -> {
            byte[] garbage = new byte[random.nextInt(2048)];
            random.nextBytes(garbage);
            yield garbage;
          }
        };
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    boolean authorized = ("Bearer " + token).equals(authorization);
    return new Case(Kind.API, "/v1/events/" + type, headers, body, authorized, false);
  }
}
