package org.biomedvital.selection.clinician;

import java.util.Locale;

/** The clinician annotation file formats the importer reads and the exporter writes. */
public enum AnnotationFormat {
  /**
   * The official BioMed-VITAL pair files: a JSON array (or JSONL) of {@code {img, question,
   * answer_positive, answer_negative}} (optionally {@code fig_caption}, {@code inline_mention}), or
   * the test format with {@code img_positive, fig_caption_positive, inline_mention_positive,
   * question_positive, answer_positive} and the same five {@code _negative} fields.
   */
  PAIRWISE,
  /**
   * Per-answer accept/reject sheets as clinicians fill them in: a CSV with columns {@code item_id,
   * annotator_id, role, image, caption, mentions, question, answer_1, answer_2, accept_1, accept_2,
   * confidence, rationale, time}, or the JSON the annotation page saves. Items where exactly one
   * answer is accepted become pairs.
   */
  ACCEPT_REJECT,
  /** Our own preference-pair JSONL with annotator id, role, time, confidence and rationale. */
  VITAL;

  /** The name used on the command line: the constant in lower case, {@code -} for {@code _}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a format name.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static AnnotationFormat parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (AnnotationFormat f : values()) {
      if (f.wireName().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be pairwise, accept-reject or vital but was '" + value + "'");
  }
}
