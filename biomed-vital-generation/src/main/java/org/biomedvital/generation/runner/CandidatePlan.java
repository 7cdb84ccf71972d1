package org.biomedvital.generation.runner;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.Experimental;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.data.Seeds;
import org.biomedvital.failure.FailureLog;
import org.biomedvital.failure.FailureRecord;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core every generation mode shares (the online {@link GenerationRunner} and the batch
 * runner): which figures a run covers (shard, then limit), which candidates they have (id, seed,
 * sampled demonstrations), the request each candidate sends, the sample written for a reply and the
 * failure line written for a failed candidate. Two modes built on one plan send the same prompt for
 * the same candidate and write the same files. Immutable; built by {@link CandidateRunBuilder}.
 */
@Experimental("the seam between generation modes; may change as modes are added")
public final class CandidatePlan {
  private static final Logger LOG = LoggerFactory.getLogger(CandidatePlan.class);

  /** One candidate of one figure: its id, its seed and the demonstrations sampled with it. */
  public record Candidate(Figure figure, int index, String id, long seed,
      List<Demonstration> demonstrations) {
    /** The ids of the demonstrations, as provenance records them. */
    public List<String> demonstrationIds() {
      return demonstrations.stream().map(Demonstration::id).toList();
    }
  }

  private final Path outputDir;
  private final DemonstrationSet demonstrations;
  private final SamplingStrategy sampling;
  private final int candidatesPerFigure;
  private final long seed;
  private final Shard shard;
  private final int limit;
  private final ImageRoot imageRoot;

  CandidatePlan(Path outputDir, DemonstrationSet demonstrations, SamplingStrategy sampling,
      int candidatesPerFigure, long seed, Shard shard, int limit, ImageRoot imageRoot) {
    this.outputDir = outputDir;
    this.demonstrations = demonstrations;
    this.sampling = sampling;
    this.candidatesPerFigure = candidatesPerFigure;
    this.seed = seed;
    this.shard = shard;
    this.limit = limit;
    this.imageRoot = imageRoot;
  }

  /** Copies these settings into {@code b}, for {@code toBuilder()}. */
  void copyInto(CandidateRunBuilder<?> b) {
    b.outputDir(outputDir).demonstrations(demonstrations).sampling(sampling)
        .candidatesPerFigure(candidatesPerFigure).seed(seed).shard(shard).limit(limit);
    if (imageRoot != null) {
      b.imageRoot(imageRoot);
    }
  }

  /** The output folder. */
  public Path outputDir() {
    return outputDir;
  }

  /** The candidates file: {@link GenerationRunner#CANDIDATES} in the output folder. */
  public Path candidatesFile() {
    return outputDir.resolve(GenerationRunner.CANDIDATES);
  }

  /** The failures file: {@link GenerationRunner#FAILURES} in the output folder. */
  public Path failuresFile() {
    return outputDir.resolve(GenerationRunner.FAILURES);
  }

  /** Candidates per figure. */
  public int candidatesPerFigure() {
    return candidatesPerFigure;
  }

  /** The figures of this run: those of the shard, in order, up to the limit. */
  public List<Figure> select(Iterable<Figure> figures) {
    return shard.select(figures, limit);
  }

  /** How many candidates of {@code figures} the journal holds already. */
  public long present(List<Figure> figures, Journal candidates) {
    long n = 0;
    for (Figure f : figures) {
      for (int k = 0; k < candidatesPerFigure; k++) {
        if (candidates.contains(GenerationRunner.candidateId(f.pairId(), k))) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Candidate {@code k} of a figure: its id, its seed ({@link Seeds#candidate}) and the
   * demonstrations sampled with that seed (none when the set is empty).
   */
  public Candidate candidate(Figure f, int k) {
    long cs = GenerationRunner.candidateSeed(seed, f.pairId(), k);
    List<Demonstration> demos = demonstrations.size() == 0 ? List.of()
        : demonstrations.sample(sampling, cs);
    return new Candidate(f, k, GenerationRunner.candidateId(f.pairId(), k), cs, demos);
  }

  /** The request a candidate sends; its image resolved under the image root when there is one. */
  public GenerationRequest request(Candidate c) {
    GenerationRequest.Builder rb = GenerationRequest.builder()
        .figure(c.figure()).candidateIndex(c.index()).seed(c.seed());
    if (imageRoot != null) {
      rb.image(imageRoot.resolve(c.figure().image()));
    }
    return rb.demonstrations(c.demonstrations()).build();
  }

  /** The {@link Samples} line written for a candidate's conversation. */
  public static String sampleLine(Candidate c, String generator, String model, String templateId,
      Conversation conversation) {
    InstructionSample sample = InstructionSample.builder()
        .id(c.id())
        .figure(c.figure())
        .conversation(conversation)
        .provenance(new Provenance(generator, model, templateId, c.demonstrationIds(), c.index(),
            c.seed()))
        .build();
    return Samples.toJson(sample);
  }

  /**
   * Appends the failure of candidate {@code k} of a figure in core's {@link FailureRecord} shape, with {@code
   * figure_id}, {@code candidate_index} and the raw reply of an unparseable one; a failure to
   * record it is logged, not thrown, so it cannot hide the failure itself.
   */
  public static void recordFailure(
      Journal failures, String runId, Figure f, int k, RuntimeException e) {
    String id = GenerationRunner.candidateId(f.pairId(), k);
    FailureRecord r = FailureRecord.of(GenerationRunner.STAGE, id, runId, e);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("figure_id", f.pairId());
    extra.put("candidate_index", k);
    if (e instanceof UnparseableReplyException u) {
      extra.put("raw_reply", u.rawReply());
    }
    try {
      failures.append(r.failureId(), FailureLog.toJson(r, extra));
    } catch (RuntimeException io) {
      LOG.error("cannot record the failure of {}: {}", id, io.toString());
    }
    LOG.debug("candidate {} failed: {}", id, e.getMessage());
  }

  /**
   * Appends the failure of a candidate whose batch item failed, in the batch runner's line shape
   * ({@code failure_id, id, figure_id, candidate_index, error, reason, raw_reply, time}), which
   * files already written keep.
   */
  public static void recordItemFailure(Journal failures, String runId, Candidate c, String error,
      String reason, String raw) {
    var n = Json.mapper().createObjectNode();
    n.put("failure_id", c.id() + "@" + runId);
    n.put("id", c.id());
    n.put("figure_id", c.figure().pairId());
    n.put("candidate_index", c.index());
    n.put("error", error);
    n.put("reason", String.valueOf(reason));
    if (raw != null && !raw.isEmpty()) {
      n.put("raw_reply", raw);
    }
    n.put("time", Instant.now().toString());
    failures.append(c.id() + "@" + runId, n.toString());
  }
}
