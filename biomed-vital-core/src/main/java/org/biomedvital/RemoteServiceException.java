package org.biomedvital;

import java.util.OptionalInt;

/**
 * A model endpoint failed: an HTTP error status, a connection failure or an unreadable response.
 *
 * <p>{@link #retriable()} says whether the same request may succeed later (429, 5xx, timeouts);
 * callers that retry do so only then. Messages carry the provider, the status and the URL without
 * its query string, never a secret.
 */
public class RemoteServiceException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final int status;
  private final boolean retriable;

  /**
   * Creates the exception.
   *
   * @param provider the provider name, e.g. {@code openai-compatible}
   * @param status the HTTP status, or 0 for a failure without one (connection reset, timeout)
   * @param retriable whether retrying the same request may succeed
   * @param message what failed, with the URL (no query string) and a cut response body
   */
  public RemoteServiceException(String provider, int status, boolean retriable, String message) {
    this(provider, status, retriable, message, null);
  }

  /** Creates the exception with a cause. */
  public RemoteServiceException(
      String provider, int status, boolean retriable, String message, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.status = status;
    this.retriable = retriable;
  }

  /** The provider name. */
  public String provider() {
    return provider;
  }

  /** The HTTP status, if there was one. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Whether the same request may succeed if retried later. */
  public boolean retriable() {
    return retriable;
  }
}
