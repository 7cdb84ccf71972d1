package org.biomedvital;

/**
 * The unchecked root of every failure that biomed-vital reports; the single type to catch.
 *
 * <p>Caller mistakes (a null argument, a negative count) are reported with plain JDK exceptions
 * ({@link NullPointerException}, {@link IllegalArgumentException}, {@link IllegalStateException})
 * and are not subtypes of this class.
 */
public class VitalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what failed, where, and how to fix it. */
  public VitalException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public VitalException(String message, Throwable cause) {
    super(message, cause);
  }
}
