package org.biomedvital.cli.selection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.Embedder;
import org.biomedvital.selection.scorer.MlpScorer;
import org.biomedvital.selection.scorer.ModelCard;
import org.biomedvital.selection.scorer.ScoreFiles;
import org.biomedvital.selection.scorer.ScoringStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score}: scores candidates with a saved scorer, streaming (a few windows in memory), appending
 * to a resumable scores journal.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score candidates with a trained scorer; resumable (already scored ids are skipped).")
public final class ScoreCommand implements Callable<Integer>, CliCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scorer", required = true, paramLabel = "DIR",
      description = "Folder written by train-scorer.")
  Path scorerDir;

  @Option(names = "--candidates", required = true, paramLabel = "FILE",
      description = "Candidates JSONL.")
  Path candidates;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Image folder (needed when the scorer's embedder takes images; default: none).")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Scores JSONL ({\"id\", \"score\"} per line; a rerun adds what is missing).")
  Path out;

  @Option(names = "--embedding-cache", paramLabel = "DIR",
      description = "Folder of an on-disk embedding cache (reruns embed only what is new; default: none).")
  Path embeddingCache;

  @Option(names = "--embedder", paramLabel = "SPEC",
      description = "Override the embedder spec recorded in the model card (default: the card's).")
  String embedder;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Journal.refuseInputs(out, candidates);
    ModelCard card = ModelCard.read(scorerDir);
    Embedder e = CliSupport.embedder(embedder != null ? embedder : card.embedderSpec(),
        embeddingCache);
    long t0 = System.nanoTime();
    int[] counts = {0, 0};
    // A bounded pipeline: this thread reads, one thread embeds the distinct new texts, one runs the
    // MLP; scores reach the journal in input order on this thread.
    String name = scorerDir.toString();
    try (MlpScorer scorer = MlpScorer.load(scorerDir, e, images == null ? null : ImageRoot.of(images));
        Journal journal = Journal.open(out);
        ScoringStream stream = scorer.openStream((s, score) -> {
          if (journal.append(s.id(), ScoreFiles.toJson(s.id(), score, name))) {
            counts[0]++;
          }
        })) {
      Samples.forEach(candidates, s -> {
        if (journal.contains(s.id())) {
          counts[1]++;
        } else {
          stream.accept(s);
        }
      });
    } finally {
      CliSupport.closeQuietly(e);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    o.printf(Locale.ROOT, "scored %d candidates (%d already scored) into %s in %.1f s%n", counts[0], counts[1],
        out, secs);
    return 0;
  }

  /** Scores a chunk, appends it to the journal and empties it; returns how many were written. */
  static int flush(MlpScorer scorer, List<InstructionSample> chunk, Journal journal, String scorerName) {
    if (chunk.isEmpty()) {
      return 0;
    }
    double[] s = scorer.scoreAll(chunk);
    int written = 0;
    for (int i = 0; i < s.length; i++) {
      if (journal.append(chunk.get(i).id(), ScoreFiles.toJson(chunk.get(i).id(), s[i], scorerName))) {
        written++;
      }
    }
    chunk.clear();
    return written;
  }
}
