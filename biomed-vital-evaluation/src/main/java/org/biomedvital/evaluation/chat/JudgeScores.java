package org.biomedvital.evaluation.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.evaluation.internal.PyText;

/**
 * The two scores a judge gives on the first line of its review: Assistant 1's, then Assistant 2's.
 *
 * @param assistant1 the first score
 * @param assistant2 the second score
 */
public record JudgeScores(double assistant1, double assistant2) {
  private static final Pattern PY_FLOAT =
      Pattern.compile("[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+)?");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])\\d+(?:\\.\\d+)?(?![\\d.])");
  private static final Pattern ASSISTANT = Pattern.compile("(?i)assistant\\s*[12]");

  /**
   * Parses as the published scripts do: the text before the first {@code '\n'}, split on single
   * spaces (so a double space makes three fields), must be exactly two Python floats. The scripts
   * then use (1, 1) when there are not two fields and stop with an error when a field is not a
   * number; callers in compat mode use (1, 1) for both.
   */
  public static Optional<JudgeScores> parseCompat(String review) {
    int nl = review.indexOf('\n');
    String line = nl < 0 ? review : review.substring(0, nl);
    String[] fields = line.split(" ", -1);
    if (fields.length != 2) {
      return Optional.empty();
    }
    Double a = pyFloat(fields[0]);
    Double b = pyFloat(fields[1]);
    return a == null || b == null ? Optional.empty() : Optional.of(new JudgeScores(a, b));
  }

  /**
   * Parses tolerantly: the first non-blank line, with "Assistant 1"/"Assistant 2" labels removed,
   * must hold exactly two numbers, each in [0, 10] ({@code "8 7"}, {@code "8, 7"},
   * {@code "**8** **7**"}, {@code "Assistant 1: 8 Assistant 2: 7"}).
   */
  public static Optional<JudgeScores> parse(String review) {
    String line = "";
    for (String l : review.split("\n", -1)) {
      if (!l.isBlank()) {
        line = l;
        break;
      }
    }
    Matcher m = NUMBER.matcher(ASSISTANT.matcher(line).replaceAll(" "));
    List<Double> numbers = new ArrayList<>();
    while (m.find()) {
      numbers.add(Double.parseDouble(m.group()));
    }
    if (numbers.size() != 2 || numbers.get(0) > 10 || numbers.get(1) > 10) {
      return Optional.empty();
    }
    return Optional.of(new JudgeScores(numbers.get(0), numbers.get(1)));
  }

  /** Python's {@code float(s)} for finite decimal numbers; null where it would fail. */
  private static Double pyFloat(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && PyText.isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && PyText.isSpace(s.charAt(end - 1))) {
      end--;
    }
    String t = s.substring(start, end);
    if (!PY_FLOAT.matcher(t).matches()) {
      return null;
    }
    return Double.parseDouble(t.replace("_", ""));
  }
}
