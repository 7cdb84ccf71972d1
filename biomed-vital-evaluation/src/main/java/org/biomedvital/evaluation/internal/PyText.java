package org.biomedvital.evaluation.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * String operations with Python 3 {@code str} semantics, so that ports of the published evaluation
 * scripts split and search text exactly as they do.
 */
public final class PyText {
  private PyText() {}

  /**
   * Whether {@code c} is whitespace for Python's {@code str.split()} and {@code str.strip()}: the
   * ASCII blanks, the information separators U+001C..U+001F, U+0085, U+00A0 and the Unicode space
   * separators.
   */
  public static boolean isSpace(char c) {
    switch (c) {
      case ' ': case '\t': case '\n': case '\u000B': case '\f': case '\r':
      case '\u001C': case '\u001D': case '\u001E': case '\u001F':
      case '\u0085': case '\u00A0': case '\u1680': case '\u2028': case '\u2029':
      case '\u202F': case '\u205F': case '\u3000':
        return true;
      default:
        return c >= '\u2000' && c <= '\u200A';
    }
  }

  /** Python's {@code s.split()}: the runs of non-whitespace characters, in order. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** Python's {@code s.lower()} (full Unicode lower-casing, locale-independent). */
  public static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }
}
