package org.biomedvital.evaluation.winrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Win-rate figures of the first model against the second.
 *
 * <ul>
 *   <li>{@code winRate} = (wins + ties / 2) / (wins + losses + ties), with a Wilson 95% interval
 *       over that many questions (ties as half a success: an approximation, as Wilson assumes
 *       binary outcomes).
 *   <li>{@code winRateExcludingTies} = wins / (wins + losses), with its Wilson 95% interval.
 *   <li>{@code unparseable} questions (a reply with no {@code [[A]]}/{@code [[B]]}/{@code [[C]]})
 *       are listed and left out of both rates.
 * </ul>
 *
 * <p>{@code official*} reproduce the tally of BioMed-VITAL's {@code eval/win_rate.py} on the
 * first-order replies: it splits the first line on spaces, compares the two fields as strings when
 * there are exactly two, and otherwise counts a tie. Because the judge is told to answer
 * {@code [[A]]}, {@code [[B]]} or {@code [[C]]}, nearly every question becomes a tie there. The
 * script also skips answer type {@code CLOSE} while the data say {@code CLOSED}; we skip both.
 *
 * @param wins questions the first model won
 * @param losses questions it lost
 * @param ties ties
 * @param inconsistent questions whose two orders gave opposite verdicts (counted as ties)
 * @param unparseable ids of the questions left out
 * @param winRate the win rate with ties as half
 * @param winRateInterval its Wilson 95% interval
 * @param winRateExcludingTies the win rate over decided questions
 * @param winRateExcludingTiesInterval its Wilson 95% interval
 * @param officialWin1 the official script's "win1" (first model)
 * @param officialWin2 its "win2"
 * @param officialTie its "tie"
 */
public record WinRateReport(int wins, int losses, int ties, int inconsistent,
    List<String> unparseable, double winRate, Interval winRateInterval,
    double winRateExcludingTies, Interval winRateExcludingTiesInterval,
    int officialWin1, int officialWin2, int officialTie) {
  /** Copies. */
  public WinRateReport {
    unparseable = List.copyOf(unparseable);
  }

  /** Computes the figures from judgements. */
  public static WinRateReport compute(List<PairJudgement> judgements) {
    int wins = 0;
    int losses = 0;
    int ties = 0;
    int inconsistent = 0;
    int w1 = 0;
    int w2 = 0;
    int t = 0;
    List<String> unparseable = new ArrayList<>();
    for (PairJudgement j : judgements) {
      switch (j.outcome()) {
        case WIN:
          wins++;
          break;
        case LOSS:
          losses++;
          break;
        case TIE:
          ties++;
          break;
        default:
          unparseable.add(j.questionId());
      }
      if (j.inconsistent()) {
        inconsistent++;
      }
      int official = officialTally(j.forward());
      if (official > 0) {
        w1++;
      } else if (official < 0) {
        w2++;
      } else {
        t++;
      }
    }
    int n = wins + losses + ties;
    double rate = n == 0 ? Double.NaN : (wins + ties / 2.0) / n;
    int decided = wins + losses;
    double excl = decided == 0 ? Double.NaN : (double) wins / decided;
    return new WinRateReport(wins, losses, ties, inconsistent, unparseable, rate,
        Interval.wilson(rate, n, Interval.Z95), excl,
        Interval.wilson(excl, decided, Interval.Z95), w1, w2, t);
  }

  /** +1, -1 or 0 as the official script's string comparison decides. */
  static int officialTally(String reply) {
    int nl = reply.indexOf('\n');
    String line = nl < 0 ? reply : reply.substring(0, nl);
    String[] fields = line.split(" ", -1);
    if (fields.length != 2) {
      return 0;
    }
    // Python compares str by code point; Java's compareTo by UTF-16 unit, equal for the BMP.
    int c = fields[0].compareTo(fields[1]);
    return Integer.signum(c);
  }
}
