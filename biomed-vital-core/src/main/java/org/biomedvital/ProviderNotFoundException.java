package org.biomedvital;

/** A provider looked up by name through {@link java.util.ServiceLoader} is not on the class path. */
public class ProviderNotFoundException extends VitalException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message lists the available names and the artifact to add. */
  public ProviderNotFoundException(String message) {
    super(message);
  }
}
