package org.biomedvital;

/** The endpoint rejected the credentials (401 or 403). Not retriable: fix the API key or its scope. */
public class AuthenticationException extends RemoteServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AuthenticationException(String provider, int status, String message) {
    super(provider, status, false, message);
  }
}
