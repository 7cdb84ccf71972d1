package org.biomedvital.evaluation.chat;

/** How the open visual chat judge sees a question. */
public enum JudgeStyle {
  /**
   * LLaVA-Med's judge: text only (a GPT-4 that never sees the image); the image is represented by
   * its caption and the sentences that mention it.
   */
  TEXT_ONLY,
  /**
   * BioMed-VITAL's variant ({@code generate/eva.py}): the image is attached, with the caption and
   * mentions as context.
   */
  WITH_IMAGE
}
