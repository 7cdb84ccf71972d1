package org.biomedvital.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multi-turn conversation about one image: it starts with a human turn and the roles alternate.
 * It may end with a human turn (two of the 58 clinician demonstrations do).
 */
public record Conversation(List<Turn> turns) {
  /** The token LLaVA replaces with image features; exactly one belongs in the first human turn. */
  public static final String IMAGE_TOKEN = "<image>";

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the offending turn index when the conversation is
   *     empty, does not start with a human turn, or does not alternate
   */
  public Conversation {
    turns = List.copyOf(turns);
    List<String> problems = problems(turns);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
  }

  /** A conversation from alternating texts, human first. */
  public static Conversation of(String... alternatingTexts) {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < alternatingTexts.length; i++) {
      turns.add(new Turn(i % 2 == 0 ? Role.HUMAN : Role.GPT, alternatingTexts[i]));
    }
    return new Conversation(turns);
  }

  /** A conversation from Q/A pairs. */
  public static Conversation ofPairs(List<QaPair> pairs) {
    List<Turn> turns = new ArrayList<>();
    for (QaPair p : pairs) {
      turns.add(Turn.human(p.question()));
      turns.add(Turn.gpt(p.answer()));
    }
    return new Conversation(turns);
  }

  /**
   * Every rule the turns break, each naming the offending turn index; empty when they form a valid
   * conversation.
   */
  public static List<String> problems(List<Turn> turns) {
    Objects.requireNonNull(turns, "turns == null");
    List<String> problems = new ArrayList<>();
    if (turns.isEmpty()) {
      problems.add("conversation must have at least one turn but has none");
      return problems;
    }
    if (turns.get(0).role() != Role.HUMAN) {
      problems.add("turn 0 must be from 'human' but is from '" + turns.get(0).role().wireName() + "'");
    }
    for (int i = 1; i < turns.size(); i++) {
      if (turns.get(i).role() == turns.get(i - 1).role()) {
        problems.add(
            "turn " + i + " repeats role '" + turns.get(i).role().wireName()
                + "'; roles must alternate human/gpt");
      }
    }
    return problems;
  }

  /** The number of turns. */
  public int size() {
    return turns.size();
  }

  /** The complete question/answer pairs, in order (a trailing unanswered question is left out). */
  public List<QaPair> pairs() {
    List<QaPair> pairs = new ArrayList<>(turns.size() / 2);
    for (int i = 0; i + 1 < turns.size(); i += 2) {
      pairs.add(new QaPair(turns.get(i).text(), turns.get(i + 1).text()));
    }
    return pairs;
  }

  /** Whether any turn contains {@link #IMAGE_TOKEN}. */
  public boolean hasImageToken() {
    return turns.stream().anyMatch(t -> t.text().contains(IMAGE_TOKEN));
  }

  /** The number of {@link #IMAGE_TOKEN} occurrences over all turns. */
  public int imageTokenCount() {
    int n = 0;
    for (Turn t : turns) {
      int from = 0;
      while ((from = t.text().indexOf(IMAGE_TOKEN, from)) >= 0) {
        n++;
        from += IMAGE_TOKEN.length();
      }
    }
    return n;
  }

  /** A copy with every {@link #IMAGE_TOKEN} (and the newline beside it) removed. */
  public Conversation withoutImageToken() {
    List<Turn> out = new ArrayList<>(turns.size());
    for (Turn t : turns) {
      out.add(new Turn(t.role(), stripImageToken(t.text())));
    }
    return new Conversation(out);
  }

  /**
   * A copy with exactly one {@link #IMAGE_TOKEN} in the first human turn, as LLaVA-Med's
   * post-processing places it: {@code "<image>\n" + q} when {@code prefix}, else {@code q +
   * "\n<image>"}. Existing tokens are removed first.
   */
  public Conversation withImageToken(boolean prefix) {
    Conversation clean = withoutImageToken();
    List<Turn> out = new ArrayList<>(clean.turns);
    String q = out.get(0).text();
    out.set(0, Turn.human(prefix ? IMAGE_TOKEN + "\n" + q : q + "\n" + IMAGE_TOKEN));
    return new Conversation(out);
  }

  /** The text with {@link #IMAGE_TOKEN} and its adjoining newline removed, trimmed. */
  public static String stripImageToken(String text) {
    return text.replace(IMAGE_TOKEN + "\n", "")
        .replace("\n" + IMAGE_TOKEN, "")
        .replace(IMAGE_TOKEN, "")
        .trim();
  }
}
