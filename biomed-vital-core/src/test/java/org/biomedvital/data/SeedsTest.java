package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class SeedsTest {
  @Test
  void aCandidateSeedIsTheFirstEightBytesOfSha256OverSeedAndCandidateId() throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256")
        .digest("7/PMC123_F1#2".getBytes(StandardCharsets.UTF_8));

    assertThat(Seeds.candidate(7, "PMC123_F1", 2)).isEqualTo(ByteBuffer.wrap(h).getLong())
        .isEqualTo(Seeds.of(7, "PMC123_F1#2"));
  }

  @Test
  void seedsDifferAcrossRunSeedsFiguresAndCandidates() {
    Set<Long> seen = new HashSet<>();
    for (long run = 0; run < 5; run++) {
      for (int f = 0; f < 20; f++) {
        for (int k = 0; k < 5; k++) {
          seen.add(Seeds.candidate(run, "F" + f, k));
        }
      }
    }
    assertThat(seen).hasSize(500);
  }
}
