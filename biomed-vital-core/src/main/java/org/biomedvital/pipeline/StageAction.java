package org.biomedvital.pipeline;

/**
 * The work of one pipeline stage: reads its inputs and writes its outputs through the context. The
 * seam for every step that has no dedicated interface in core (evaluation, the report) and for
 * replacing any built-in stage with one's own code.
 */
@FunctionalInterface
public interface StageAction {

  /**
   * Runs the stage. Outputs must be written under the paths the context names; a stage that is
   * interrupted must leave what it already wrote readable so that a re-run can resume.
   *
   * @throws org.biomedvital.VitalException when the stage fails; earlier stages' outputs stay
   */
  StageResult run(StageContext context);
}
