package org.biomedvital.tuning.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningStatus;
import org.junit.jupiter.api.Test;

final class JobWatchTest {
  /** A job that reports the given statuses one poll after another, the last one from then on. */
  private static final class ScriptedJob implements ClusterJob {
    private final List<TuningStatus> script;
    private int polls;
    volatile boolean cancelled;

    ScriptedJob(TuningStatus... script) {
      this.script = List.of(script);
    }

    @Override
    public String id() {
      return "42";
    }

    @Override
    public JobRecord record() {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobState state() {
      TuningStatus s = script.get(Math.min(polls++, script.size() - 1));
      return new JobState(id(), s, s.name(), 0, 0, "", null, null);
    }

    @Override
    public TuningStatus status() {
      return state().status();
    }

    @Override
    public TuningResult await(TuningListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Test
  void pollsTheLogWhileTheJobRunsAndOnceMoreAsLastWhenItEnds() {
    ScriptedJob job = new ScriptedJob(TuningStatus.PENDING, TuningStatus.RUNNING,
        TuningStatus.SUCCEEDED);
    List<String> calls = new ArrayList<>();
    List<String> lines = new ArrayList<>();

    JobState end = JobWatch.until(job, Duration.ofMillis(1), (sink, last) -> {
      calls.add(last ? "last" : "poll");
      sink.accept("line " + calls.size());
    }, lines::add);

    assertThat(end.status()).isEqualTo(TuningStatus.SUCCEEDED);
    assertThat(calls).containsExactly("poll", "poll", "last");
    assertThat(lines).containsExactly("line 1", "line 2", "line 3");
    assertThat(job.cancelled).isFalse();
  }

  @Test
  void anInterruptedWaitCancelsTheJobAndEndsCancelled() throws Exception {
    ScriptedJob job = new ScriptedJob(TuningStatus.RUNNING);
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch polled = new CountDownLatch(1);
    AtomicReference<JobState> end = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      end.set(JobWatch.until(job, Duration.ofMinutes(5), (sink, last) -> {
        calls.add(last ? "last" : "poll");
        polled.countDown();
      }, line -> { }));
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    waiter.start();
    assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
    waiter.interrupt();
    waiter.join(10_000);

    assertThat(end.get().status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(end.get().explanation()).isEqualTo("interrupted");
    assertThat(job.cancelled).isTrue();
    assertThat(calls).containsExactly("poll", "last");
    assertThat(stillInterrupted.get()).isTrue();
  }

  @Test
  void aJobWithNoLogIsWatchedToItsEnd() {
    ScriptedJob job = new ScriptedJob(TuningStatus.RUNNING, TuningStatus.FAILED);

    JobState end = JobWatch.until(job, Duration.ofMillis(1), JobWatch.LogSource.none(),
        line -> { throw new AssertionError(line); });

    assertThat(end.status()).isEqualTo(TuningStatus.FAILED);
  }
}
