package org.biomedvital.generation.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.generation.prompt.OutputMode;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;

/**
 * Parses a generator's reply into a {@link Conversation}.
 *
 * <h2>Text mode</h2>
 * A line that starts with a role label ({@code User:}, {@code Human:}, {@code Assistant:}, {@code
 * GPT:}, case-insensitive) starts a turn; markdown decoration around the label ({@code **User:**},
 * {@code ### Assistant:}, {@code - User:}, {@code 1. User:}) is tolerated. Every other line
 * continues the current turn, so multi-paragraph answers are kept whole (the official parser drops
 * them). Lines before the first label are a preamble and are ignored.
 *
 * <h2>JSON mode</h2>
 * {@code {"conversations": [{"from", "value"}]}} or a bare list, also with {@code role}/{@code
 * content} keys, inside markdown code fences or surrounding prose.
 *
 * <h2>Validation</h2>
 * A leading assistant turn is dropped (LLaVA's training rule), a trailing unanswered question is
 * dropped, then the turns must start with a human turn, alternate, have no empty text, and number at
 * least {@code minTurns}. Anything else is an {@link UnparseableReplyException} carrying the raw
 * reply. Immutable and thread-safe.
 */
public final class ConversationParser {
  /** The default minimum number of turns: one question and its answer. */
  public static final int DEFAULT_MIN_TURNS = 2;

  private static final Pattern LABEL = Pattern.compile(
      "^[\\s>#*_\\-+]*(?:\\d{1,2}[.)]\\s*)?[*_]{0,2}\\s*(user|human|assistant|gpt)\\s*[*_]{0,2}\\s*:"
          + "\\s*[*_]{0,2}\\s*(.*)$",
      Pattern.CASE_INSENSITIVE);

  private final int minTurns;

  private ConversationParser(int minTurns) {
    this.minTurns = minTurns;
  }

  /** A parser requiring {@value #DEFAULT_MIN_TURNS} turns. */
  public static ConversationParser defaults() {
    return new ConversationParser(DEFAULT_MIN_TURNS);
  }

  /** A parser requiring at least {@code minTurns} turns (after dropping a trailing question). */
  public static ConversationParser withMinTurns(int minTurns) {
    return new ConversationParser(Checks.positive(minTurns, "minTurns"));
  }

  /**
   * Parses a reply of the given mode; a JSON-mode reply that is not JSON is tried as text.
   *
   * @throws UnparseableReplyException with the raw reply when no valid conversation is found
   */
  public Conversation parse(String reply, OutputMode mode) {
    if (reply == null || reply.isBlank()) {
      throw new UnparseableReplyException("the reply is empty", reply);
    }
    if (mode == OutputMode.JSON) {
      Optional<List<Turn>> turns = jsonTurns(reply);
      if (turns.isPresent()) {
        return validate(turns.get(), reply);
      }
    }
    return validate(textTurns(reply), reply);
  }

  /** Parses a "User:/Assistant:" reply; see {@link #parse}. */
  public Conversation parseText(String reply) {
    return parse(reply, OutputMode.TEXT);
  }

  private static List<Turn> textTurns(String reply) {
    List<Turn> turns = new ArrayList<>();
    Role role = null;
    StringBuilder text = new StringBuilder();
    for (String line : reply.split("\\r?\\n", -1)) {
      Matcher m = LABEL.matcher(line);
      if (m.matches()) {
        if (role != null) {
          turns.add(new Turn(role, clean(text)));
        }
        role = Role.fromWireName(normalise(m.group(1))).orElseThrow();
        text.setLength(0);
        text.append(stripTrailingDecoration(m.group(2)));
      } else if (role != null) {
        text.append('\n').append(line);
      }
    }
    if (role != null) {
      turns.add(new Turn(role, clean(text)));
    }
    return turns;
  }

  private static String normalise(String label) {
    String l = label.toLowerCase(java.util.Locale.ROOT);
    return l.equals("human") ? "human" : l;
  }

  private static String stripTrailingDecoration(String s) {
    return s.replaceAll("[*_]{2}\\s*$", "");
  }

  /** Trims, and collapses runs of blank lines to one blank line. */
  private static String clean(StringBuilder text) {
    return text.toString().strip().replaceAll("(\\r?\\n\\s*){3,}", "\n\n");
  }

  private static Optional<List<Turn>> jsonTurns(String reply) {
    String s = reply.strip();
    int start = firstOf(s, '{', '[');
    int end = Math.max(s.lastIndexOf('}'), s.lastIndexOf(']'));
    if (start < 0 || end <= start) {
      return Optional.empty();
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(s.substring(start, end + 1));
    } catch (JacksonException e) {
      return Optional.empty();
    }
    JsonNode list = n;
    if (n.isObject()) {
      list = n.has("conversations") ? n.get("conversations")
          : n.has("conversation") ? n.get("conversation") : n.get("turns");
    }
    if (list == null || !list.isArray()) {
      return Optional.empty();
    }
    List<Turn> turns = new ArrayList<>();
    for (JsonNode t : list) {
      JsonNode from = t.has("from") ? t.get("from") : t.get("role");
      JsonNode value = t.has("value") ? t.get("value") : t.get("content");
      Optional<Role> role = from == null ? Optional.empty() : Role.fromWireName(from.asText());
      if (role.isEmpty() || value == null || !value.isTextual()) {
        return Optional.empty();
      }
      turns.add(new Turn(role.get(), value.textValue().strip()));
    }
    return Optional.of(turns);
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  private Conversation validate(List<Turn> parsed, String reply) {
    List<Turn> turns = new ArrayList<>(parsed);
    if (turns.isEmpty()) {
      throw new UnparseableReplyException(
          "the reply holds no \"User:\"/\"Assistant:\" turns", reply);
    }
    if (turns.get(0).role() == Role.GPT) {
      turns.remove(0);
    }
    if (!turns.isEmpty() && turns.get(turns.size() - 1).role() == Role.HUMAN) {
      turns.remove(turns.size() - 1);
    }
    for (int i = 0; i < turns.size(); i++) {
      if (turns.get(i).text().isBlank()) {
        throw new UnparseableReplyException("turn " + i + " of the reply is empty", reply);
      }
    }
    List<String> problems = turns.isEmpty() ? List.of() : Conversation.problems(turns);
    if (!problems.isEmpty()) {
      throw new UnparseableReplyException("the reply's turns are invalid: " + problems.get(0), reply);
    }
    if (turns.size() < minTurns) {
      throw new UnparseableReplyException("the reply has " + turns.size()
          + " complete turns but at least " + minTurns + " are required", reply);
    }
    return new Conversation(turns);
  }

  @Override
  public String toString() {
    return "ConversationParser{minTurns=" + minTurns + "}";
  }
}
