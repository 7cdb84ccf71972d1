package org.biomedvital;

import java.util.List;

/** A tuning run failed; carries the exit code and the tail of its log. */
public class TuningFailedException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final List<String> logTail;

  /** Creates the exception; the message should include the log tail. */
  public TuningFailedException(String message, int exitCode, List<String> logTail) {
    super(message);
    this.exitCode = exitCode;
    this.logTail = List.copyOf(logTail);
  }

  /** The process exit code, or -1 when the run did not end with one (cancelled, lost). */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines of the run's log. */
  public List<String> logTail() {
    return logTail;
  }
}
