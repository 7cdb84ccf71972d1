package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.internal.ResourceText;

/**
 * The scorer's clinical consistency features: for a candidate, whether its answers agree with and
 * contradict its figure's caption and mentions on each {@link FactKind}, and whether they contradict
 * their questions. {@link #LENGTH} values in [0, 1], appended after the embedding features:
 *
 * <ol>
 *   <li>for each kind in {@link FactKind} order: 1 when some answer agrees with the caption on it,
 *       then 1 when some answer contradicts the caption on it (16 values);
 *   <li>for each kind: 1 when some answer contradicts the conversation's other answers on it (8);
 *   <li>1 when some answer contradicts its question;
 *   <li>the share of answers that contradict the caption on anything.
 * </ol>
 *
 * <p>Uses the built-in lexicon, so a saved scorer gets the same features wherever it is loaded.
 * Thread-safe.
 */
public final class ConsistencyFeatures {
  /** The number of features. */
  public static final int LENGTH = 3 * FactKind.values().length + 2;

  private static final FactChecker CHECKER = FactChecker.create();

  private ConsistencyFeatures() {}

  /** The feature names, in order ({@code agree_modality}, {@code contradict_modality}, ...). */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    for (FactKind k : FactKind.values()) {
      out.add("agree_" + k.wireName());
      out.add("contradict_" + k.wireName());
    }
    for (FactKind k : FactKind.values()) {
      out.add("self_contradict_" + k.wireName());
    }
    out.add("contradict_question");
    out.add("contradicting_answer_share");
    return out;
  }

  /** The features of {@code sample}. */
  public static float[] of(InstructionSample sample) {
    Objects.requireNonNull(sample, "sample == null");
    float[] f = new float[LENGTH];
    List<FactChecker.PairCheck> checks = CHECKER.check(sample);
    int contradicting = 0;
    for (FactChecker.PairCheck p : checks) {
      for (FactKind k : p.withCaption().agreements()) {
        f[2 * k.ordinal()] = 1f;
      }
      for (Contradiction c : p.withCaption().contradictions()) {
        f[2 * c.kind().ordinal() + 1] = 1f;
      }
      for (Contradiction c : p.withOtherAnswers().contradictions()) {
        f[2 * FactKind.values().length + c.kind().ordinal()] = 1f;
      }
      if (!p.withQuestion().contradictions().isEmpty()) {
        f[LENGTH - 2] = 1f;
      }
      if (!p.withCaption().contradictions().isEmpty()) {
        contradicting++;
      }
    }
    f[LENGTH - 1] = checks.isEmpty() ? 0f : (float) contradicting / checks.size();
    return f;
  }

  /** The resource holding the measured learning check of these features, copied into model cards. */
  public static final String LEARNING_CHECK_RESOURCE = "clinical-learning-check.json";

  /** The measured learning check of these features (JSON text of {@value #LEARNING_CHECK_RESOURCE}). */
  public static String learningCheckJson() {
    return ResourceText.read(ConsistencyFeatures.class, LEARNING_CHECK_RESOURCE);
  }

  /** {@code base} followed by the features of {@code sample}. */
  public static float[] append(float[] base, InstructionSample sample) {
    float[] f = of(sample);
    float[] out = java.util.Arrays.copyOf(base, base.length + LENGTH);
    System.arraycopy(f, 0, out, base.length, LENGTH);
    return out;
  }
}
