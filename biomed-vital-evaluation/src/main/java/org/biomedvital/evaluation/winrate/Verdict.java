package org.biomedvital.evaluation.winrate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A pairwise judge's verdict: assistant A is better, assistant B is better, or a tie. */
enum Verdict {
  /** {@code [[A]]}. */
  A,
  /** {@code [[B]]}. */
  B,
  /** {@code [[C]]}: a tie. */
  TIE;

  private static final Pattern TOKEN = Pattern.compile("\\[\\[\\s*([ABCabc])\\s*\\]\\]");

  /**
   * The verdict of a reply: its first {@code [[A]]}, {@code [[B]]} or {@code [[C]]} (inner spaces
   * and lower case tolerated); empty when there is none.
   */
  public static Optional<Verdict> parse(String reply) {
    Matcher m = TOKEN.matcher(reply);
    if (!m.find()) {
      return Optional.empty();
    }
    switch (Character.toUpperCase(m.group(1).charAt(0))) {
      case 'A':
        return Optional.of(A);
      case 'B':
        return Optional.of(B);
      default:
        return Optional.of(TIE);
    }
  }
}
