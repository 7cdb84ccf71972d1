package org.biomedvital.evaluation.text;

/**
 * Token-overlap precision, recall and F1 of one prediction against one reference, as fractions in
 * [0, 1].
 */
public record Overlap(double precision, double recall, double f1) {
  /** No overlap. */
  public static final Overlap ZERO = new Overlap(0, 0, 0);

  /** Validates. */
  public Overlap {
    check(precision, "precision");
    check(recall, "recall");
    check(f1, "f1");
  }

  private static void check(double v, String name) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
    }
  }
}
