package org.biomedvital.tuning.llava;

import java.util.List;
import java.util.Random;

/**
 * The instructions that turn a figure caption into a stage-1 alignment exchange: the human asks
 * for a brief or a detailed description of the image and the assistant answers with the caption.
 *
 * <p>LLaVA-Med's alignment data pairs each caption with an instruction drawn at random from a list
 * of concise and a list of detailed phrasings. These lists are this library's own phrasings in
 * that spirit (not copies of LLaVA-Med's).
 */
public final class AlignmentInstructions {
  /** Asks for a short description. */
  public static final List<String> BRIEF = List.of(
      "Describe the image briefly.",
      "Give a short description of this figure.",
      "Summarize what the image shows in a few words.",
      "What does this image show, in brief?",
      "Provide a concise caption for the image.",
      "State briefly what is depicted here.",
      "Write a one-sentence description of the picture.",
      "Offer a compact summary of the visual content.",
      "Caption this figure concisely.",
      "In short, what can be seen in this image?",
      "Give a brief account of the figure.");

  /** Asks for a detailed description. */
  public static final List<String> DETAILED = List.of(
      "Describe the image in detail.",
      "Give a thorough description of everything shown in this figure.",
      "Walk through the contents of the image carefully.",
      "Explain in depth what the picture depicts.",
      "Provide a comprehensive description of the visual findings.",
      "Write a detailed caption covering every element of the image.",
      "Analyse the figure and describe it fully.",
      "What is shown in this image? Please be detailed.",
      "Describe the figure as you would to a colleague who cannot see it.",
      "Give an elaborate account of the structures and features visible here.",
      "Characterize the image closely, noting all notable details.",
      "Offer an extensive description of this medical image.",
      "Discuss the image content thoroughly.",
      "Break down what the figure shows, part by part.",
      "Report on the image in full detail.",
      "Describe this picture comprehensively, including its layout.");

  private AlignmentInstructions() {}

  /** One instruction drawn from {@link #BRIEF} or {@link #DETAILED}. */
  public static String pick(boolean detailed, Random random) {
    List<String> list = detailed ? DETAILED : BRIEF;
    return list.get(random.nextInt(list.size()));
  }
}
