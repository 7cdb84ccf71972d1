package org.biomedvital.selection.clinician;

import java.util.List;
import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * One item of an annotation task: a question about a figure with two answers, each to be accepted
 * or rejected by the clinician.
 *
 * @param itemId a stable id, unique within the task
 * @param figureId the figure
 * @param image the image file name relative to the image folder
 * @param caption the figure caption
 * @param mentions the inline mentions
 * @param question the question
 * @param answer1 the answer shown first
 * @param answer2 the answer shown second
 * @param sample1 the candidate id answer 1 came from
 * @param sample2 the candidate id answer 2 came from
 */
public record TaskItem(String itemId, String figureId, String image, String caption,
    List<String> mentions, String question, String answer1, String answer2, String sample1,
    String sample2) {
  /** Validates and copies. */
  public TaskItem {
    Checks.notBlank(itemId, "itemId");
    Checks.notBlank(figureId, "figureId");
    Checks.notBlank(image, "image");
    Objects.requireNonNull(caption, "caption == null");
    mentions = List.copyOf(mentions);
    Checks.notBlank(question, "question");
    Objects.requireNonNull(answer1, "answer1 == null");
    Objects.requireNonNull(answer2, "answer2 == null");
    Objects.requireNonNull(sample1, "sample1 == null");
    Objects.requireNonNull(sample2, "sample2 == null");
  }
}
