package org.biomedvital.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.biomedvital.failure.FailureBudget;
import org.biomedvital.failure.FailureTally;

/**
 * Counts a command's per-item failures by reason while it runs and prints the end-of-run verdict:
 * the reasons with their counts ({@code 40 x connection refused: http://127.0.0.1:9/v1}) and
 * whether the failures fit the {@code --max-failure-rate} budget. Safe for concurrent use.
 */
public final class FailureReport {
  /** Reasons shown before {@code ... and N more reasons}. */
  public static final int MAX_REASONS = 8;

  private final FailureTally tally = new FailureTally();

  /** Creates an empty report. */
  public FailureReport() {}

  /** Counts one failure of {@code e}. */
  public synchronized void add(Throwable e) {
    tally.add(e);
  }

  /** Counts one failure with this reason. */
  public synchronized void add(String reason) {
    tally.add(reason);
  }

  /** The failures counted so far. */
  public synchronized long total() {
    return tally.total();
  }

  /**
   * Prints the verdict on {@code err} and returns the exit code ({@link ExitCode#OK}, {@link
   * ExitCode#COMPLETED_WITH_FAILURES} or {@link ExitCode#FAILED}).
   *
   * @param what the items counted, plural ({@code candidates}, {@code pairs})
   * @param attempted the items this run tried
   * @param failed the items of those that failed (may exceed the reasons counted here when some
   *     failed where no reason could be seen; those show as {@code unknown reason})
   * @param budget the failure budget
   * @param failures where the failures are recorded, for the hint; may be null
   */
  public synchronized int finish(PrintWriter err, String what, long attempted, long failed,
      FailureBudget budget, Object failures) {
    FailureBudget.Outcome outcome = budget.outcome(attempted, failed);
    if (outcome == FailureBudget.Outcome.COMPLETED) {
      return ExitCode.OK;
    }
    FailureTally shown = new FailureTally();
    shown.addAll(tally);
    for (long i = tally.total(); i < failed; i++) {
      shown.add("unknown reason (see the failures file)");
    }
    String share = String.format(Locale.ROOT, "%d of %d %s failed (%s)", failed, attempted, what,
        percent(attempted == 0 ? 0 : (double) failed / attempted));
    String where = failures == null ? "" : "; details in " + failures;
    if (outcome == FailureBudget.Outcome.FAILED) {
      err.println("error: " + share + ", over --max-failure-rate "
          + percent(budget.maxFailureRate()) + where);
    } else {
      err.println("warning: " + share + ", within --max-failure-rate "
          + percent(budget.maxFailureRate()) + "; rerun the same command to retry them" + where);
    }
    err.println("failures by reason:");
    for (String line : shown.lines(MAX_REASONS)) {
      err.println("  " + line);
    }
    err.flush();
    return ExitCode.of(outcome);
  }

  private static String percent(double fraction) {
    String s = String.format(Locale.ROOT, "%.2f", fraction * 100);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s + "%";
  }
}
