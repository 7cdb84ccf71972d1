package org.biomedvital.selection.scorer;

import java.util.Locale;

/** The pairwise training loss. */
public enum PairLoss {
  /**
   * The default: Bradley-Terry (logistic pairwise, RankNet) on unbounded scores, {@code w *
   * log(1 + exp(-(s_chosen - s_rejected)))}.
   */
  BRADLEY_TERRY("bt"),
  /**
   * The official code's loss, kept for reproduction: a sigmoid on the score and {@code w * max(0, 1
   * - (sigmoid(s_chosen) - sigmoid(s_rejected)))}, whose margin can never be met.
   */
  HINGE("hinge");

  private final String wireName;

  PairLoss(String wireName) {
    this.wireName = wireName;
  }

  /** The short name used on the command line and in model cards ({@code bt}, {@code hinge}). */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses {@code bt}/{@code bradley-terry} or {@code hinge}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static PairLoss parse(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "bt":
      case "bradley-terry":
      case "bradley_terry":
        return BRADLEY_TERRY;
      case "hinge":
        return HINGE;
      default:
        throw new IllegalArgumentException("loss must be bt or hinge but was '" + s + "'");
    }
  }
}
