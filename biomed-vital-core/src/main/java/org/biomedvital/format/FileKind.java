package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;

/** The kinds of data file this package reads, with their command-line names. */
public enum FileKind {
  /** LLaVA-Med / BioMed-VITAL instruction data ({@link LlavaInstructions}). */
  LLAVA_INSTRUCTIONS("llava-instructions"),
  /** PMC caption records ({@link PmcFigures}). */
  PMC_FIGURES("pmc-figures"),
  /** Clinician demonstration records ({@link Demonstrations}). */
  DEMONSTRATIONS("demonstrations"),
  /** Open-chat evaluation questions ({@link Qa50}). */
  QA50("qa50"),
  /** Model answer files ({@link Answers}). */
  ANSWERS("answers"),
  /** Judge review files ({@link Reviews}). */
  REVIEWS("reviews"),
  /** VQA test sets ({@link VqaSets}). */
  VQA("vqa"),
  /** Candidate samples with provenance ({@link Samples}). */
  SAMPLES("samples");

  private final String cliName;

  FileKind(String cliName) {
    this.cliName = cliName;
  }

  /** The lower-kebab-case name used on the command line, e.g. {@code llava-instructions}. */
  public String cliName() {
    return cliName;
  }

  /** The kind with this command-line (or enum) name; empty when there is none. */
  public static Optional<FileKind> fromName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (FileKind k : values()) {
      if (k.cliName.equals(n)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * Tells the kind of a file from its layout and the fields of its first records (read in
   * streaming, so this is cheap on large files).
   *
   * @throws InvalidDataException when the file is empty, unreadable or of no known kind
   */
  public static FileKind detect(Path file) {
    try (RecordReader<JsonNode> r = RecordReader.open(file, ReadMode.LENIENT,
        (p, c) -> Json.mapper().readTree(p))) {
      int seen = 0;
      while (r.hasNext() && seen < 5) {
        JsonNode first = r.next();
        seen++;
        if (r.layout() == Layout.KEYED_OBJECT) {
          return PMC_FIGURES;
        }
        Optional<FileKind> kind = ofRecord(first);
        if (kind.isPresent()) {
          return kind.get();
        }
      }
      if (seen == 0 && r.errorCount() > 0) {
        // Nothing readable before the first error: that error is the answer (a huge first line,
        // say), not "no records".
        Problem first = r.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        throw new InvalidDataException(file.toString(), first.line(),
            first.field().isEmpty() ? null : first.field(), first.message());
      }
      throw new InvalidDataException(file.toString(), 0, null, seen == 0
          ? "holds no records to tell its kind from; pass the kind explicitly"
          : "is of no known kind (its records have none of the fields question_id, conversations, "
              + "pair_id, fig_caption); pass the kind explicitly");
    }
  }

  /** The kind a record's fields suggest. */
  static Optional<FileKind> ofRecord(JsonNode n) {
    if (!n.isObject()) {
      return Optional.empty();
    }
    if (n.has("question_id")) {
      if (n.has("ans1") || n.has("ans2") || n.has("gpt_eval") || n.has("result")) {
        return Optional.of(REVIEWS);
      }
      if (n.has("answer_id") || n.has("model_id") || (n.has("prompt") && !n.has("gpt4_answer"))) {
        return Optional.of(ANSWERS);
      }
      return Optional.of(QA50);
    }
    if (n.has("conversations") || n.has("conversatons")) {
      if (n.has("provenance") || n.has("figure_id")) {
        return Optional.of(SAMPLES);
      }
      if (n.has("answer_type")) {
        return Optional.of(VQA);
      }
      if (n.has("imgs") || n.has("fig_caption")) {
        return Optional.of(DEMONSTRATIONS);
      }
      return Optional.of(LLAVA_INSTRUCTIONS);
    }
    if (n.has("pair_id") || n.has("fig_caption")) {
      return Optional.of(PMC_FIGURES);
    }
    return Optional.empty();
  }
}
