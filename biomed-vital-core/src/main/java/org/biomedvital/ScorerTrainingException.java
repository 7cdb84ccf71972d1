package org.biomedvital;

/** Training a selection scorer failed: too few preference pairs, a diverging loss, a bad feature size. */
public class ScorerTrainingException extends VitalException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ScorerTrainingException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public ScorerTrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
