package org.biomedvital.tuning.llava;

import java.util.List;
import org.biomedvital.VitalException;

/**
 * A tuning launch failed its pre-flight checks; the message lists each problem with its fix.
 * Recover by applying the fixes (batch arithmetic, data paths, output folder) and planning again.
 */
public class PreflightException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final List<PreflightFinding> findings;

  /** Creates the exception from the failing findings. */
  public PreflightException(List<PreflightFinding> findings) {
    super(message(findings));
    this.findings = List.copyOf(findings);
  }

  private static String message(List<PreflightFinding> findings) {
    StringBuilder sb = new StringBuilder("pre-flight checks failed:");
    for (PreflightFinding f : findings) {
      sb.append("\n  - ").append(f.message());
    }
    return sb.toString();
  }

  /** The findings that failed. */
  public List<PreflightFinding> findings() {
    return findings;
  }
}
