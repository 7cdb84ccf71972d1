package org.biomedvital;

/**
 * A call was refused because the spend so far plus the calls in flight could exceed the configured
 * budget. Not retriable: raise the budget or narrow the run.
 */
public class BudgetExceededException extends VitalException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public BudgetExceededException(String message) {
    super(message);
  }
}
