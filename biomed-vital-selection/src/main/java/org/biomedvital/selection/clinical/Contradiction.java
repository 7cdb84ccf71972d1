package org.biomedvital.selection.clinical;

/**
 * One clinical fact on which an answer disagrees with a reference text.
 *
 * @param kind what kind of fact
 * @param answerSays what the answer states, e.g. {@code "left (lung)"}
 * @param referenceSays what the reference states, e.g. {@code "right (lung)"}
 * @param source the reference: {@code caption} (caption and mentions) or {@code question}
 */
public record Contradiction(FactKind kind, String answerSays, String referenceSays, String source) {
  /** A one-line reason, e.g. {@code laterality: the answer says left (lung), the caption says right (lung)}. */
  public String explain() {
    return kind.wireName() + ": the answer says " + answerSays + ", the " + source + " says " + referenceSays;
  }
}
