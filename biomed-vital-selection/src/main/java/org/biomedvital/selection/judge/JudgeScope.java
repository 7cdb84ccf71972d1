package org.biomedvital.selection.judge;

import java.util.List;
import java.util.Locale;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.QaPair;

/** How much of a candidate conversation a judge looks at. */
public enum JudgeScope {
  /** The whole conversation (the default). */
  CONVERSATION,
  /** Only the first question/answer pair, as the official BioMed-VITAL code scores. */
  COMPAT;

  /** The Q/A pairs this scope covers. */
  public List<QaPair> pairs(Conversation conversation) {
    List<QaPair> all = conversation.withoutImageToken().pairs();
    if (this == COMPAT && all.size() > 1) {
      return all.subList(0, 1);
    }
    return all;
  }

  /** The lower-case name used on the command line and in files. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code conversation} or {@code compat}.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static JudgeScope parse(String value) {
    for (JudgeScope s : values()) {
      if (s.wireName().equalsIgnoreCase(value.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "scope must be 'conversation' or 'compat' but was '" + value + "'");
  }
}
