package org.biomedvital.evaluation.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs an action over items on a few threads, failing fast: after the first failure no new item
 * starts, the items already running finish, and the failure is rethrown. Used to send judge calls
 * concurrently; the actions write through a thread-safe journal, so nothing finished is lost.
 */
final class Parallel {
  private Parallel() {}

  /**
   * Applies {@code action} to every item, {@code threads} at a time (in order when 1).
   *
   * @throws RuntimeException the first failure of an action, as thrown
   * @throws IllegalArgumentException when {@code threads} is below 1
   */
  static <T> void forEach(List<T> items, int threads, Consumer<T> action) {
    Objects.requireNonNull(action, "action == null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
    }
    if (threads == 1 || items.size() <= 1) {
      items.forEach(action);
      return;
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "biomed-vital-eval-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), factory);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          if (failure.get() != null) {
            return;
          }
          try {
            action.accept(item);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for judge calls", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
