package dev.mlpipe.webhook.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

  @Test
  void shouldReadBackWhatItWrites() {
    LedgerEntry entry = new LedgerEntry("e-1", "r-1", 1_700_000_000_000L, null);
    assertThat(LedgerEntry.fromBytes(entry.toBytes())).isEqualTo(entry);
    LedgerEntry withFingerprint = new LedgerEntry("e-1", "r-1", 1L, "sha256:ab");
    assertThat(LedgerEntry.fromBytes(withFingerprint.toBytes())).isEqualTo(withFingerprint);
  }

  @Test
  void shouldReadAnEntryWrittenBeforeFingerprintsWereRecorded() {
    byte[] old =
        "{\"eventId\":\"e\",\"runId\":\"r\",\"publishedAt\":5}".getBytes(StandardCharsets.UTF_8);
    assertThat(LedgerEntry.fromBytes(old)).isEqualTo(new LedgerEntry("e", "r", 5, null));
  }

  @Test
  void shouldNameWhatAForeignValueLacks() {
    assertThatThrownBy(() -> LedgerEntry.fromBytes("{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("eventId and runId");
    assertThatThrownBy(() -> LedgerEntry.fromBytes("nope".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not JSON");
  }
}
