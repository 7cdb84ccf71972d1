package org.biomedvital.cli;

import org.biomedvital.failure.FailureBudget;

/**
 * The exit codes of every {@code biomed-vital} command, one table for all of them (the README
 * shows it):
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>all done</td></tr>
 *   <tr><td>3</td><td>finished with recorded failures, within the failure budget; a rerun of the
 *       same command retries them</td></tr>
 *   <tr><td>1</td><td>data or run error (bad input file, every call failed, over the failure
 *       budget, a stage or job failed)</td></tr>
 *   <tr><td>2</td><td>bad arguments or configuration (unknown option or provider, a model option
 *       given to an offline provider, an unknown provider setting)</td></tr>
 * </table>
 *
 * <p>Commands that count per-item failures turn them into a code with {@link FailureReport};
 * others return {@link #of(FailureBudget.Outcome)} or one of the constants.
 */
public final class ExitCode {
  /** Everything done. */
  public static final int OK = 0;

  /** A data or run error: nothing usable, or more failures than the budget allows. */
  public static final int FAILED = 1;

  /** Bad arguments or configuration; nothing was run. */
  public static final int USAGE = 2;

  /** Finished with recorded failures within the budget; a rerun retries them. */
  public static final int COMPLETED_WITH_FAILURES = 3;

  private ExitCode() {}

  /** The exit code of a stage's outcome under its failure budget. */
  public static int of(FailureBudget.Outcome outcome) {
    switch (outcome) {
      case COMPLETED:
        return OK;
      case COMPLETED_WITH_FAILURES:
        return COMPLETED_WITH_FAILURES;
      default:
        return FAILED;
    }
  }
}
