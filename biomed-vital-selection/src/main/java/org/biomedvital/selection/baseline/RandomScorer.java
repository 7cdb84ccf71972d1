package org.biomedvital.selection.baseline;

import java.nio.charset.StandardCharsets;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.SelectionScorer;

/**
 * Scores each candidate with a pseudo-random number in [0, 1) drawn from its id and a seed: the same
 * seed gives the same scores in any order and on any machine (random selection as a baseline).
 */
public final class RandomScorer implements SelectionScorer {
  private final long seed;

  private RandomScorer(long seed) {
    this.seed = seed;
  }

  /** A random scorer with this seed. */
  public static RandomScorer withSeed(long seed) {
    return new RandomScorer(seed);
  }

  @Override
  public double score(InstructionSample sample) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (byte b : sample.id().getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }

  @Override
  public String toString() {
    return "RandomScorer{seed=" + seed + "}";
  }
}
