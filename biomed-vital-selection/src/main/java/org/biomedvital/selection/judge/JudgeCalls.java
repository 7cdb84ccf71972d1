package org.biomedvital.selection.judge;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.biomedvital.AuthenticationException;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judge calls of one {@link JudgeRunner} run: at most {@code concurrency} in flight and as many
 * again queued; a failed call is recorded in the failures journal (attempt number, rater, raw
 * reply) and counted; an {@link AuthenticationException} or {@link BudgetExceededException} stops
 * new calls and is rethrown by {@link #rethrowFatal()}. Closing waits for the calls in flight.
 * Package-private.
 */
final class JudgeCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JudgeRunner.class);

  private final Journal failures;
  private final String rater;
  private final Clock clock;
  private final Map<String, Integer> attempts;
  private final ExecutorService pool;
  private final Semaphore inFlight;
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

  JudgeCalls(int concurrency, Journal failures, String rater, Clock clock) {
    this.failures = failures;
    this.rater = rater;
    this.clock = clock;
    this.attempts = attempts(failures);
    this.pool = Executors.newFixedThreadPool(concurrency);
    this.inFlight = new Semaphore(concurrency * 2);
  }

  /** Runs {@code call} for item {@code key} on the pool, unless a fatal error has stopped the run. */
  void submit(String key, Runnable call) {
    if (fatal.get() != null) {
      return;
    }
    inFlight.acquireUninterruptibly();
    pool.execute(() -> {
      try {
        if (fatal.get() != null) {
          return;
        }
        call.run();
      } catch (AuthenticationException | BudgetExceededException e) {
        fatal.compareAndSet(null, e);
      } catch (UnparseableReplyException e) {
        fail(key, e, e.rawReply());
      } catch (RuntimeException e) {
        fail(key, e, "");
      } finally {
        inFlight.release();
      }
    });
  }

  /** Items that failed so far. */
  int failed() {
    return failed.get();
  }

  /** Throws the error that stopped the run, if one did. */
  void rethrowFatal() {
    if (fatal.get() != null) {
      throw fatal.get();
    }
  }

  private void fail(String key, RuntimeException error, String raw) {
    failed.incrementAndGet();
    int attempt;
    synchronized (attempts) {
      attempt = attempts.merge(key, 1, Integer::sum);
    }
    LOG.warn("judge: {} failed (attempt {}): {}", key, attempt, error.getMessage());
    FailureRecord r = FailureRecord.of(JudgeRunner.STAGE, key, "", error);
    r = new FailureRecord(key + "#" + attempt, key, JudgeRunner.STAGE, r.error(), r.reason(), r.message(),
        r.retriable(), clock.instant());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("attempt", attempt);
    extra.put("rater", rater);
    if (!raw.isEmpty()) {
      extra.put("raw_reply", raw);
    }
    failures.append(r.failureId(), FailureLog.toJson(r, extra));
  }

  /** The highest attempt number recorded for each item in the failures journal. */
  private static Map<String, Integer> attempts(Journal failures) {
    Map<String, Integer> out = new HashMap<>();
    for (String id : failures.ids()) {
      int hash = id.lastIndexOf('#');
      if (hash > 0) {
        try {
          out.merge(id.substring(0, hash), Integer.parseInt(id.substring(hash + 1)), Math::max);
        } catch (NumberFormatException e) {
          // Not one of ours; ignore it.
        }
      }
    }
    return out;
  }

  /** Waits for the calls in flight. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.info("judge: waiting for calls in flight");
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
