package org.biomedvital.selection.judge;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.PairwiseVerdict.Winner;

/**
 * Parses judge replies: a JSON object first, then the first line. Never invents a value: what
 * cannot be read is an {@link UnparseableReplyException} carrying the raw reply.
 */
final class ReplyParser {
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)");
  private static final Pattern VERDICT = Pattern.compile(
      "(?i)(?<![\\w])(tie|candidate\\s*[12]|answer\\s*[12]|\\[\\[[12]]]|[12])(?![\\w])");

  private ReplyParser() {}

  /** A parsed score and rationale. */
  public record ParsedScore(double score, String rationale) {}

  /** A parsed pairwise verdict: the winner as shown (1 = first candidate shown). */
  public record ParsedVerdict(Winner winner, String rationale) {}

  /**
   * Reads a score in [0, scale]: from a JSON object's {@code score} field when the reply holds a
   * JSON object, else the first number on the first non-blank line.
   *
   * @throws UnparseableReplyException when neither holds a score in range
   */
  public static ParsedScore score(String reply, int scale) {
    String raw = reply == null ? "" : reply;
    JsonNode obj = jsonObject(raw);
    if (obj != null) {
      JsonNode s = obj.get("score");
      Double v = null;
      if (s != null && s.isNumber()) {
        v = s.asDouble();
      } else if (s != null && s.isTextual()) {
        Matcher m = NUMBER.matcher(s.textValue());
        v = m.find() ? Double.valueOf(m.group(1)) : null;
      }
      if (v == null) {
        throw new UnparseableReplyException(
            "judge replied with JSON but without a numeric 'score' field", raw);
      }
      return new ParsedScore(inScale(v, scale, raw), rationale(obj));
    }
    String first = firstLine(raw);
    Matcher m = NUMBER.matcher(first);
    if (!m.find()) {
      throw new UnparseableReplyException(
          "judge reply has no JSON object and no number on its first line", raw);
    }
    double v = Double.parseDouble(m.group(1));
    String rest = raw.strip();
    int nl = rest.indexOf('\n');
    return new ParsedScore(inScale(v, scale, raw), nl < 0 ? "" : rest.substring(nl + 1).strip());
  }

  /**
   * Reads a pairwise verdict: JSON {@code {"winner": "1"|"2"|"tie", "rationale": ...}}, else the
   * first {@code 1}, {@code 2} or {@code tie} on the first line.
   *
   * @throws UnparseableReplyException when no verdict can be read
   */
  public static ParsedVerdict verdict(String reply) {
    String raw = reply == null ? "" : reply;
    JsonNode obj = jsonObject(raw);
    if (obj != null) {
      JsonNode w = obj.get("winner");
      Winner winner = w == null || w.isNull() ? null : winnerOf(w.asText());
      if (winner == null) {
        throw new UnparseableReplyException(
            "judge replied with JSON but 'winner' is not 1, 2 or tie", raw);
      }
      return new ParsedVerdict(winner, rationale(obj));
    }
    Matcher m = VERDICT.matcher(firstLine(raw));
    if (!m.find()) {
      throw new UnparseableReplyException(
          "judge reply has no JSON object and no 1, 2 or tie on its first line", raw);
    }
    String rest = raw.strip();
    int nl = rest.indexOf('\n');
    return new ParsedVerdict(winnerOf(m.group(1)), nl < 0 ? "" : rest.substring(nl + 1).strip());
  }

  private static Winner winnerOf(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (t.equals("tie") || t.equals("c")) {
      return Winner.TIE;
    }
    if (t.endsWith("1") || t.equals("a")) {
      return Winner.A;
    }
    if (t.endsWith("2") || t.equals("b")) {
      return Winner.B;
    }
    return null;
  }

  private static double inScale(double v, int scale, String raw) {
    if (!(v >= 0 && v <= scale)) {
      throw new UnparseableReplyException(String.format(Locale.ROOT,
          "judge score %s is outside the scale 0..%d", v, scale), raw);
    }
    return v;
  }

  private static String rationale(JsonNode obj) {
    for (String f : new String[] {"rationale", "explanation", "reason", "reasoning"}) {
      JsonNode r = obj.get(f);
      if (r != null && r.isTextual()) {
        return r.textValue().strip();
      }
    }
    return "";
  }

  private static String firstLine(String raw) {
    for (String line : raw.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("```")) {
        return t;
      }
    }
    return "";
  }

  /** The first JSON object in the text (code fences allowed), or null. */
  private static JsonNode jsonObject(String raw) {
    int start = raw.indexOf('{');
    int end = raw.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return null;
    }
    try {
      JsonNode n = Json.mapper().readTree(raw.substring(start, end + 1));
      return n != null && n.isObject() ? n : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
