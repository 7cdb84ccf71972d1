package org.biomedvital.format;

/** How records are laid out in a file. */
public enum Layout {
  /** One JSON array of records (LLaVA instruction data, VQA test sets). */
  JSON_ARRAY,
  /** One JSON object per line (QA50, answers, reviews, demonstrations, candidates). */
  JSONL,
  /**
   * One JSON object whose keys name groups, each holding an array of records (the PMC caption file
   * keyed by domain).
   */
  KEYED_OBJECT
}
