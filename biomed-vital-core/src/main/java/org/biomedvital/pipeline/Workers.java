package org.biomedvital.pipeline;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.biomedvital.VitalException;

/**
 * Runs work items with bounded concurrency and back-pressure (at most {@code 2 x concurrency} items
 * queued). The first exception a worker throws stops the submission of further items; it is rethrown
 * once the items in flight have ended. Package-private.
 */
final class Workers {
  private Workers() {}

  static <T> void run(List<T> items, int concurrency, String threadName, Consumer<T> work) {
    if (concurrency <= 1 || items.size() <= 1) {
      items.forEach(work);
      return;
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Semaphore slots = new Semaphore(concurrency * 2);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      for (T item : items) {
        if (failure.get() != null) {
          break;
        }
        slots.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            if (failure.get() == null) {
              work.accept(item);
            }
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } catch (Error e) {
            failure.compareAndSet(null, new VitalException(threadName + " worker died: " + e, e));
          } finally {
            slots.release();
          }
        });
      }
    } finally {
      pool.shutdown();
      try {
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
          // Items in flight finish what they started; a long model call just takes its time.
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
