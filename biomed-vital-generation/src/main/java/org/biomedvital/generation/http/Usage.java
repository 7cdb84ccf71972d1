package org.biomedvital.generation.http;

/**
 * Usage counters at one moment.
 *
 * @param calls requests sent to the model (first attempts and retries)
 * @param retries retries among them
 * @param failures calls that finally failed
 * @param cacheHits requests answered from the cache (no call)
 * @param inputTokens input tokens reported by the model
 * @param outputTokens output tokens reported by the model
 * @param costUsd the cost of those tokens under the price table
 */
public record Usage(
    long calls, long retries, long failures, long cacheHits, long inputTokens, long outputTokens,
    double costUsd) {
  /** Nothing used. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

  /** The sum of two usages. */
  public Usage plus(Usage o) {
    return new Usage(calls + o.calls, retries + o.retries, failures + o.failures,
        cacheHits + o.cacheHits, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
        costUsd + o.costUsd);
  }
}
