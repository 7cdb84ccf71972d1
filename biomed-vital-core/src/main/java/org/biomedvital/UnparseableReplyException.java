package org.biomedvital;

/**
 * A model replied, but the reply cannot be parsed into what was asked for (a conversation, a score,
 * a verdict). The raw reply is kept so that the failure can be recorded with it, never replaced by a
 * default value.
 */
public class UnparseableReplyException extends VitalException {
  private static final long serialVersionUID = 1L;

  private final String rawReply;

  /** Creates the exception. */
  public UnparseableReplyException(String message, String rawReply) {
    super(message);
    this.rawReply = rawReply == null ? "" : rawReply;
  }

  /** The reply exactly as the model gave it. */
  public String rawReply() {
    return rawReply;
  }
}
