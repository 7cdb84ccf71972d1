package org.biomedvital.cli.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.biomedvital.InvalidDataException;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.cli.Defaults;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.DuplicatePolicy;
import org.biomedvital.internal.Json;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.embed.EmbedderSpecs;
import org.biomedvital.selection.scorer.TextMode;
import org.biomedvital.selection.select.SelectionFiles;
import org.biomedvital.selection.select.Selectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code select}: picks the training set from scored candidates and writes it as a LLaVA-Med
 * instruction array with one {@code <image>} token in each first human turn.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
    description = "Select the training set from scored candidates; writes a LLaVA-Med instruction array.")
public final class SelectCommand implements Callable<Integer>, CliCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scores", required = true, paramLabel = "FILE", description = "Scores JSONL written by score.")
  Path scores;

  @Option(names = "--candidates", required = true, paramLabel = "FILE", description = "Candidates JSONL.")
  Path candidates;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The selected.json to write.")
  Path out;

  @Option(names = "--top-fraction", paramLabel = "F",
      description = "Keep the best fraction F in [0, 1] (the paper: 0.8; default: keep all).")
  Double topFraction;

  @Option(names = "--top-k", paramLabel = "K", description = "Keep the best K (default: keep all).")
  Integer topK;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Keep candidates scoring at least T (default: no threshold).")
  Double threshold;

  @Option(names = "--best-per-figure", description = "Keep only the best candidate of each figure.")
  boolean bestPerFigure;

  @Option(names = "--per-domain-quota", paramLabel = "pool|FILE", description = "pool (keep the pool's domain mix) or a JSON file {\"ct_scan\": 0.4, ...}.")
  String quota;

  @Option(names = "--diversity", paramLabel = "k-center",
      description = "k-center: fill the size by greedy k-center on embeddings (default: off).")
  String diversity;

  @Option(names = "--dedupe", paramLabel = "COSINE",
      description = "Drop candidates whose cosine similarity to a better one exceeds COSINE (default: off).")
  Double dedupe;

  @Option(names = "--embedder", defaultValue = "minilm", paramLabel = "SPEC",
      description = "Embedder for --diversity and --dedupe (default: ${DEFAULT-VALUE}).")
  String embedder;

  @Option(names = "--drop-duplicates",
      description = "Keep the first of repeated candidate or score ids and drop later copies with a "
          + "warning (default: refuse the files).")
  boolean dropDuplicates;

  @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
      description = "Seed of the <image> placement, prefix or suffix (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    int sizing = (topFraction != null ? 1 : 0) + (topK != null ? 1 : 0) + (threshold != null ? 1 : 0);
    if (sizing > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "choose at most one of --top-fraction, --top-k and --threshold");
    }
    if (quota != null && diversity != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--per-domain-quota and --diversity exclude each other");
    }
    if (diversity != null && !diversity.equals("k-center")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--diversity must be k-center but was '" + diversity + "'");
    }
    DuplicatePolicy policy = dropDuplicates ? DuplicatePolicy.DROP_LATER : DuplicatePolicy.REFUSE;
    List<ScoredSample> scored = SelectionFiles.scoredPool(scores, candidates, policy);
    Embedder e = dedupe != null || diversity != null ? EmbedderSpecs.create(embedder) : null;
    try {
      Function<InstructionSample, float[]> vectors = vectors(e);
      Selector selector = s -> Selectors.sorted(s);
      if (threshold != null) {
        selector = selector.andThen(Selectors.threshold(threshold));
      }
      if (bestPerFigure) {
        selector = selector.andThen(Selectors.bestPerFigure(1));
      }
      if (dedupe != null) {
        selector = selector.andThen(Selectors.dedupe(dedupe, vectors));
      }
      Selectors.Size size = topFraction != null ? Selectors.Size.fraction(topFraction)
          : topK != null ? Selectors.Size.top(topK) : n -> n;
      if (quota != null) {
        selector = selector.andThen(Selectors.domainQuota(size, mix(quota)));
      } else if (diversity != null) {
        selector = selector.andThen(Selectors.kCenter(size, vectors));
      } else if (topFraction != null) {
        selector = selector.andThen(Selectors.topFraction(topFraction));
      } else if (topK != null) {
        selector = selector.andThen(Selectors.topK(topK));
      }
      List<ScoredSample> picked = selector.select(scored);
      write(picked);
      o.printf(Locale.ROOT, "selected %d of %d candidates into %s%n", picked.size(), scored.size(), out);
      Map<String, Integer> before = Selectors.groupCounts(scored);
      Map<String, Integer> after = Selectors.groupCounts(picked);
      before.forEach((g, n) -> {
        if (n > 0) {
          o.printf(Locale.ROOT, "  %-10s %6d of %6d%n", g, after.get(g), n);
        }
      });
    } finally {
      if (e != null) {
        CliSupport.closeQuietly(e);
      }
    }
    return 0;
  }

  private static Function<InstructionSample, float[]> vectors(Embedder e) {
    if (e == null) {
      return s -> {
        throw new IllegalStateException("no embedder");
      };
    }
    Map<String, float[]> cache = new HashMap<>();
    return s -> cache.computeIfAbsent(s.id(), id -> e.embed(EmbeddingInput.text(TextMode.JOINED.text(s))));
  }

  private Selectors.DomainMix mix(String q) {
    if (q.equals("pool")) {
      return Selectors.DomainMix.pool();
    }
    Path file = Path.of(q);
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(file));
      Map<String, Double> w = new LinkedHashMap<>();
      if (!n.isObject()) {
        throw new InvalidDataException(file.toString(), 0, null,
            "must be a JSON object of domain weights, e.g. {\"ct_scan\": 0.4, \"mri\": 0.6}");
      }
      n.properties().forEach(f -> {
        if (!f.getValue().isNumber()) {
          throw new InvalidDataException(file.toString(), 0, f.getKey(), "must be a number");
        }
        w.put(f.getKey(), f.getValue().asDouble());
      });
      return Selectors.DomainMix.target(w);
    } catch (java.nio.file.NoSuchFileException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--per-domain-quota must be 'pool' or an existing JSON file, but " + q + " does not exist");
    } catch (IOException ex) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + ex.getMessage(), ex);
    }
  }

  private void write(List<ScoredSample> picked) {
    List<InstructionSample> samples = new ArrayList<>(picked.size());
    picked.forEach(p -> samples.add(p.sample()));
    SelectionFiles.writeTrainingFile(out, samples, seed);
  }
}
