package org.biomedvital.failure;

import java.time.Instant;
import java.util.Objects;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.UnparseableReplyException;

/**
 * One item that a stage could not process, as written to a {@code *failures.jsonl} file: the same
 * shape for every stage and command.
 *
 * @param failureId unique per item and run ({@code <itemId>@<runId>}), the journal id
 * @param itemId the item that failed (a candidate id, a sample id, a question id)
 * @param stage the stage or command that failed ({@code generate}, {@code judge}, ...)
 * @param error the exception's simple class name
 * @param reason the short reason shown to a person (see {@link FailureTally#reasonOf})
 * @param message the exception's message, never holding a secret
 * @param retriable whether trying again may succeed
 * @param time when it failed
 */
public record FailureRecord(String failureId, String itemId, String stage, String error,
    String reason, String message, boolean retriable, Instant time) {

  /** Validates and copies. */
  public FailureRecord {
    Objects.requireNonNull(failureId, "failureId == null");
    Objects.requireNonNull(itemId, "itemId == null");
    Objects.requireNonNull(stage, "stage == null");
    Objects.requireNonNull(error, "error == null");
    Objects.requireNonNull(reason, "reason == null");
    message = message == null ? "" : message;
    Objects.requireNonNull(time, "time == null");
  }

  /** The record of {@code e} for {@code itemId}, failed now in run {@code runId}. */
  public static FailureRecord of(String stage, String itemId, String runId, Throwable e) {
    boolean retriable = e instanceof RemoteServiceException
        ? ((RemoteServiceException) e).retriable()
        : !(e instanceof UnparseableReplyException);
    return new FailureRecord(itemId + "@" + runId, itemId, stage, e.getClass().getSimpleName(),
        FailureTally.reasonOf(e), String.valueOf(e.getMessage()), retriable, Instant.now());
  }
}
