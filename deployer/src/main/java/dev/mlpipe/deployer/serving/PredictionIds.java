package dev.mlpipe.deployer.serving;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prediction ids: random (version 4) UUIDs drawn from {@link ThreadLocalRandom} rather than {@link
 * UUID#randomUUID()}, whose shared {@code SecureRandom} serialises the request threads on one lock
 * and reads the OS entropy source. An id only has to be unique enough to join feedback to its
 * prediction; it grants nothing, so it need not be unpredictable.
 */
final class PredictionIds {

  private PredictionIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** Whether the text is a whole number of at most 9 digits, optionally negative. */
  static boolean isSmallInt(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > 9) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
