package org.biomedvital.tuning.llava;

import java.util.Objects;

/**
 * One pre-flight result.
 *
 * @param severity {@link Severity#ERROR} blocks the launch; {@link Severity#WARNING} does not
 * @param check a stable id: {@code batch}, {@code data}, {@code images}, {@code output}, {@code
 *     resume}, {@code model}
 * @param message what is wrong and how to fix it
 */
public record PreflightFinding(Severity severity, String check, String message) {
  /** How serious a finding is. */
  public enum Severity {
    /** Blocks the launch. */
    ERROR,
    /** Worth knowing; the launch may go ahead. */
    WARNING
  }

  /** Validates. */
  public PreflightFinding {
    Objects.requireNonNull(severity, "severity == null");
    Objects.requireNonNull(check, "check == null");
    Objects.requireNonNull(message, "message == null");
  }
}
