package org.biomedvital.selection.scorer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjDoubleConsumer;
import org.biomedvital.Experimental;
import org.biomedvital.VitalException;
import org.biomedvital.data.InstructionSample;

/**
 * Scores candidates through a bounded pipeline of windows (made by {@link MlpScorer#openStream}):
 *
 * <ol>
 *   <li>the calling thread gathers a window, extracts each candidate's texts and looks them up by
 *       content hash, so texts shared by candidates (a figure's caption, repeated Q/A) are embedded
 *       once;
 *   <li>an embedding thread embeds the window's new distinct texts in one call (the embedder
 *       tokenises, sorts by length and batches them);
 *   <li>a scoring thread builds the feature rows and runs the MLP on the whole window, with the
 *       PyTorch thread count of the thread that opened the stream (set it with {@code
 *       -Dai.djl.pytorch.num_threads}; 1 keeps it from fighting the embedder for the cores).
 * </ol>
 *
 * <p>At most {@value #DEPTH} windows wait between two stages, so memory is bounded whatever the
 * number of candidates. Results reach the sink in input order on the calling thread. A failure in
 * a stage is rethrown by the next {@link #accept} or by {@link #close}. Not for use by several
 * threads at once.
 */
@Experimental("the pipeline of windows (depth, threads) is still being tuned")
public final class ScoringStream implements AutoCloseable {
  /** Windows waiting between two stages. */
  static final int DEPTH = 2;

  private static final ScorerFeatures.Window STOP = new ScorerFeatures.Window(List.of());

  private final MlpScorer scorer;
  private final int window;
  private final ObjDoubleConsumer<InstructionSample> sink;
  private final BlockingQueue<ScorerFeatures.Window> toEmbed = new ArrayBlockingQueue<>(DEPTH);
  private final BlockingQueue<ScorerFeatures.Window> toScore = new ArrayBlockingQueue<>(DEPTH);
  private final BlockingQueue<ScorerFeatures.Window> done = new LinkedBlockingQueue<>();
  private final Thread embedThread;
  private final Thread scoreThread;
  private volatile Throwable failure;
  private boolean reported;
  private List<InstructionSample> pending = new ArrayList<>();
  private int inFlight;
  private boolean closed;

  ScoringStream(MlpScorer scorer, int window, ObjDoubleConsumer<InstructionSample> sink) {
    this.scorer = scorer;
    this.window = window;
    this.sink = sink;
    this.embedThread = stage("scorer-embed", toEmbed, w -> {
      scorer.embed(w);
      put(toScore, w);
    }, () -> put(toScore, STOP));
    int torchThreads = MlpHead.torchThreads();
    this.scoreThread = stage("scorer-mlp", toScore, w -> {
      if (MlpHead.torchThreads() != torchThreads) {
        MlpHead.useTorchThreads(torchThreads);
      }
      w.scores = scorer.scoreWindow(w);
      done.add(w);
    }, () -> { });
  }

  private interface Step {
    void run(ScorerFeatures.Window w) throws InterruptedException;
  }

  private Thread stage(String name, BlockingQueue<ScorerFeatures.Window> in, Step step, Runnable onStop) {
    Thread t = new Thread(() -> {
      try {
        while (failure == null) {
          ScorerFeatures.Window w = in.poll(100, TimeUnit.MILLISECONDS);
          if (w == STOP) {
            onStop.run();
            return;
          }
          if (w != null) {
            step.run(w);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Puts into a bounded queue, giving up when a stage has failed. */
  private void put(BlockingQueue<ScorerFeatures.Window> q, ScorerFeatures.Window w) {
    try {
      while (!q.offer(w, 100, TimeUnit.MILLISECONDS)) {
        checkFailure();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VitalException("interrupted while scoring", e);
    }
  }

  /** Adds a candidate; may hand earlier candidates' scores to the sink. */
  public void accept(InstructionSample sample) {
    if (closed) {
      throw new IllegalStateException("scoring stream is closed");
    }
    checkFailure();
    pending.add(sample);
    if (pending.size() >= window) {
      submit();
    }
    emit(false);
  }

  private void submit() {
    ScorerFeatures.Window w = scorer.plan(pending);
    pending = new ArrayList<>(window);
    put(toEmbed, w);
    inFlight++;
  }

  private void emit(boolean all) {
    try {
      while (inFlight > 0) {
        ScorerFeatures.Window w = all ? done.poll(100, TimeUnit.MILLISECONDS) : done.poll();
        if (w == null) {
          if (!all) {
            return;
          }
          checkFailure();
          continue;
        }
        inFlight--;
        for (int i = 0; i < w.scores.length; i++) {
          sink.accept(w.samples.get(i), w.scores[i]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VitalException("interrupted while scoring", e);
    }
  }

  private void checkFailure() {
    Throwable f = failure;
    if (f != null && !reported) {
      reported = true;
      stopThreads();
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      throw (Error) f;
    }
  }

  private void stopThreads() {
    closed = true;
    embedThread.interrupt();
    scoreThread.interrupt();
  }

  /**
   * Scores what is left, hands it to the sink and stops the pipeline's threads.
   *
   * @throws RuntimeException the failure of a stage, if one failed
   */
  @Override
  public void close() {
    if (closed) {
      checkFailure();
      return;
    }
    try {
      if (!pending.isEmpty()) {
        submit();
      }
      emit(true);
      put(toEmbed, STOP);
      embedThread.join();
      scoreThread.join();
      closed = true;
      checkFailure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VitalException("interrupted while scoring", e);
    } finally {
      if (!closed) {
        stopThreads();
      }
    }
  }
}
