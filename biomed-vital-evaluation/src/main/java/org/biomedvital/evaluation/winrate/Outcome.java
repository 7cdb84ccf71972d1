package org.biomedvital.evaluation.winrate;

/** The outcome of one question for the first model (the one given as answers A). */
public enum Outcome {
  /** The first model's answer is better. */
  WIN,
  /** The second model's answer is better. */
  LOSS,
  /** Neither is better. */
  TIE,
  /** A judge reply had no verdict; the question is left out of the rates. */
  UNPARSEABLE
}
