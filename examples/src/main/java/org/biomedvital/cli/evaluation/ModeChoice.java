package org.biomedvital.cli.evaluation;

import java.util.List;
import org.biomedvital.evaluation.EvaluationMode;

/** The {@code --mode} choices of the evaluation commands. */
enum ModeChoice {
  COMPAT,
  CORRECTED,
  BOTH;

  List<EvaluationMode> modes() {
    switch (this) {
      case COMPAT:
        return List.of(EvaluationMode.COMPAT);
      case CORRECTED:
        return List.of(EvaluationMode.CORRECTED);
      default:
        return List.of(EvaluationMode.COMPAT, EvaluationMode.CORRECTED);
    }
  }
}
