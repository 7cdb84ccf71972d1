package org.biomedvital.evaluation;

/**
 * Which rules an evaluation metric follows: the published Python scripts exactly, bugs included, or
 * the intended behaviour. Reports show both so that numbers can be compared with papers and still
 * be trusted.
 */
public enum EvaluationMode {
  /** Reproduces the published scripts (LLaVA-Med, BioMed-VITAL) exactly, including their bugs. */
  COMPAT,
  /** The intended behaviour, with the known bugs fixed (method.md section 9). */
  CORRECTED
}
