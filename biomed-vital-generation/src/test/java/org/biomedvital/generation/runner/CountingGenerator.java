package org.biomedvital.generation.runner;

import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;

/** Wraps a generator, counting calls and optionally sleeping in each. */
final class CountingGenerator implements InstructionGenerator {
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  private final InstructionGenerator delegate;
  private final long sleepMillis;

  CountingGenerator(InstructionGenerator delegate, long sleepMillis) {
    this.delegate = delegate;
    this.sleepMillis = sleepMillis;
  }

  @Override
  public GenerationResult generate(GenerationRequest request) {
    calls.incrementAndGet();
    int now = concurrent.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    try {
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
      return delegate.generate(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      concurrent.decrementAndGet();
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
