package org.biomedvital.model;

import org.biomedvital.UnparseableReplyException;

/**
 * A reply cut at the output-token limit ({@link ChatResponse#truncated()}): it ends mid-way, so it
 * is not taken for a complete answer. The message starts with {@value #REASON} and is the same for
 * every cut reply of a provider, so failures are counted under one reason; the raw (cut) reply is
 * kept.
 */
public class TruncatedReplyException extends UnparseableReplyException {
  private static final long serialVersionUID = 1L;

  /** The failure reason, the start of every message. */
  public static final String REASON = "reply cut at max tokens";

  /** Creates the exception for {@code response}. */
  public TruncatedReplyException(ChatResponse response) {
    super(REASON + " (finish reason '" + response.finishReason() + "'); raise the output-token"
        + " limit or ask for shorter replies", response.text());
  }
}
