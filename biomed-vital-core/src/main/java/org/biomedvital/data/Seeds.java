package org.biomedvital.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.biomedvital.internal.Hashing;

/**
 * The one function that derives per-item randomness from a run seed: every command and the pipeline
 * use it, so the same inputs and seed draw the same demonstrations, post-processing and image-token
 * placement whichever front-end ran them.
 *
 * <p>The value is the first 8 bytes (big-endian) of SHA-256 over {@code "<runSeed>/<itemId>"}, UTF-8:
 * stable across JVMs, platforms and releases.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed of item {@code itemId} (a candidate id, a sample id) under run seed {@code runSeed}. */
  public static long of(long runSeed, String itemId) {
    Objects.requireNonNull(itemId, "itemId == null");
    byte[] h = Hashing.sha256().digest((runSeed + "/" + itemId).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(h).getLong();
  }

  /**
   * The seed of candidate {@code k} of figure {@code pairId}: {@code of(runSeed, pairId + "#" + k)},
   * the candidate's id.
   */
  public static long candidate(long runSeed, String pairId, int k) {
    Objects.requireNonNull(pairId, "pairId == null");
    return of(runSeed, pairId + "#" + k);
  }
}
