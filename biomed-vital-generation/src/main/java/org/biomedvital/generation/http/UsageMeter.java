package org.biomedvital.generation.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.biomedvital.model.TokenUsage;

/** Thread-safe usage counters; {@link #snapshot()} reads them. */
public final class UsageMeter {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong inputTokens = new AtomicLong();
  private final AtomicLong outputTokens = new AtomicLong();
  private final DoubleAdder cost = new DoubleAdder();

  /** Counts a request sent. */
  public void call() {
    calls.incrementAndGet();
  }

  /** Counts a retry. */
  public void retry() {
    retries.incrementAndGet();
  }

  /** Counts a call that finally failed. */
  public void failure() {
    failures.incrementAndGet();
  }

  /** Counts a cache hit. */
  public void cacheHit() {
    cacheHits.incrementAndGet();
  }

  /** Adds tokens and their cost. */
  public void tokens(TokenUsage usage, double costUsd) {
    inputTokens.addAndGet(usage.inputTokens());
    outputTokens.addAndGet(usage.outputTokens());
    cost.add(costUsd);
  }

  /** The counters now. */
  public Usage snapshot() {
    return new Usage(calls.get(), retries.get(), failures.get(), cacheHits.get(),
        inputTokens.get(), outputTokens.get(), cost.sum());
  }
}
