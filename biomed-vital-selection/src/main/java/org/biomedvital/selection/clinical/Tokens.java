package org.biomedvital.selection.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word tokens, sentences, stop words and a crude stemmer shared by the extractor. */
final class Tokens {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");
  // A sentence ends at . ! ? ; followed by white space or the end, but not inside a number (7.5).
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\d)[.!?;](?=\\s|$)|(?<=\\d)[.](?=\\s+[A-Z])|\\n+");

  private static final Pattern CLAUSE_BREAK = Pattern.compile("[,:()\\[\\]\"“”–—]|\\s-\\s");

  static final Set<String> STOPWORDS = Set.of(
      "this", "that", "these", "those", "with", "from", "which", "what", "where", "when", "there",
      "their", "they", "them", "have", "been", "were", "will", "would", "could", "should", "about",
      "into", "than", "then", "also", "such", "some", "more", "most", "other", "each", "both",
      "image", "images", "figure", "shown", "shows", "show", "showing", "seen", "does", "here", "very",
      "only", "same", "over", "under", "between", "after", "before", "while", "your", "being",
      "above", "below", "like", "many", "much", "evidence", "sign", "signs", "presence", "present",
      "visible", "appear", "appears", "appearance", "noted", "note", "demonstrate", "demonstrates",
      "demonstrating", "reveal", "reveals", "revealed", "revealing", "indicate", "indicates",
      "indicating", "suggest", "finding", "findings", "patient", "case", "scan", "view", "area",
      "region", "part", "side", "significant", "significantly", "observed", "identified", "apparent",
      "clear", "clearly", "obvious", "within", "it's", "type", "kind", "used", "using", "taken",
      "year", "years", "month", "months", "days", "week", "weeks", "hour", "hours", "old", "time", "times");

  private Tokens() {}

  /** The lower-case word tokens of {@code text}. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * For each word of {@link #words}{@code (text)}: whether a clause break (a comma, colon, bracket,
   * dash between spaces or quotation mark) stands between it and the word before.
   */
  static boolean[] clauseBreaks(String text) {
    List<Boolean> out = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher m = WORD.matcher(lower);
    int last = 0;
    while (m.find()) {
      String gap = lower.substring(last, m.start());
      out.add(!out.isEmpty() && CLAUSE_BREAK.matcher(gap).find());
      last = m.end();
    }
    boolean[] b = new boolean[out.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = out.get(i);
    }
    return b;
  }

  /** The sentences of {@code text}, in order, without their end marks. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = SENTENCE_END.matcher(text);
    int from = 0;
    while (m.find()) {
      add(out, text.substring(from, m.start()));
      from = m.end();
    }
    add(out, text.substring(from));
    return out;
  }

  private static void add(List<String> out, String s) {
    if (!s.isBlank()) {
      out.add(s.strip());
    }
  }

  /** Whether a token can carry a finding: four or more letters, not a stop word, not a number. */
  static boolean content(String token) {
    return token.length() >= 4 && !STOPWORDS.contains(token) && !Character.isDigit(token.charAt(0));
  }

  /** A crude suffix stemmer, enough to match "lesion"/"lesions" and "compromise"/"compromised". */
  static String stem(String token) {
    String t = token;
    for (String suffix : new String[] {"ies", "ing", "ed", "es", "s", "e", "y"}) {
      if (t.endsWith(suffix) && t.length() - suffix.length() >= 4) {
        t = t.substring(0, t.length() - suffix.length());
        break;
      }
    }
    if (t.endsWith("e") && t.length() > 4) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
