package org.biomedvital.generation.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.QaPair;

/**
 * LLaVA-Med's post-processing of generated conversations (method.md 5.3), each step switchable and
 * all on by default:
 *
 * <ol>
 *   <li>{@code dropNoImageAccess}: drop Q/A pairs whose answer admits it cannot see the image;
 *   <li>{@code cleanCaptionLeaks}: strip lead-ins that reveal the text source ("Based on the
 *       caption, ..."), and drop pairs that still cite it ("the caption mentions ...");
 *   <li>{@code insertImageToken}: exactly one {@code <image>} token in the first human turn, as
 *       prefix or suffix, chosen 50/50 from the candidate's seed.
 * </ol>
 *
 * @param dropNoImageAccess step 1
 * @param cleanCaptionLeaks step 2
 * @param insertImageToken step 3
 */
public record PostProcessing(
    boolean dropNoImageAccess, boolean cleanCaptionLeaks, boolean insertImageToken) {
  /** Every step on. */
  public static final PostProcessing DEFAULT = new PostProcessing(true, true, true);
  /** Every step off (the official BioMed-VITAL generator's behaviour). */
  public static final PostProcessing NONE = new PostProcessing(false, false, false);

  private static final Pattern NO_ACCESS = Pattern.compile(
      "(?i)\\b(as an ai\\b|i (?:cannot|can't|can ?not|am unable to|am not able to|don't|do not)"
          + " (?:see|view|access|look at|analy[sz]e|examine|directly (?:see|view|analy[sz]e))"
          + "(?: the| this| any)? (?:image|figure|picture|visual)"
          + "|(?:do not|don't|cannot|can't) (?:have|get) access to (?:the|this|any) (?:image|figure|picture)"
          + "|without (?:seeing|viewing|access to) (?:the|this) (?:actual )?(?:image|figure|picture)"
          + "|no image (?:was|has been|is) (?:provided|attached|shared)"
          + "|unable to (?:see|view|access) (?:the|this) (?:image|figure|picture))");

  private static final String SOURCE =
      "(?:figure |image |provided |given |accompanying |available |above )*"
          + "(?:caption|description|context|figure context|in-text mention|mention|text"
          + "|information provided|information given|provided information)s?";

  /** A lead-in naming the text source, at the start of a sentence, with its comma. */
  private static final Pattern LEAD_IN = Pattern.compile(
      "(?i)(^|(?<=[.!?]\\s))(?:based on|according to|as (?:described|mentioned|stated|noted|"
          + "indicated|shown|seen) (?:in|by)|from|as per|per|judging from|given) (?:the |this )?"
          + SOURCE + "(?: provided| given)?\\s*,\\s*");

  /** Any remaining reference to the text source (bare "the context" is allowed: "in the context of"). */
  private static final Pattern LEAK = Pattern.compile(
      "(?i)\\bcaptions?\\b|\\bfigure context\\b|\\bin-text mentions?\\b"
          + "|\\b(?:provided|given|accompanying|above) (?:text|context|description|information)\\b"
          + "|\\b(?:text|context|description|information) (?:provided|given)\\b"
          + "|\\b(?:mentioned|described|stated) in the (?:text|context|description|paper)\\b");

  /**
   * Applies the switched-on steps.
   *
   * @param seed the candidate's seed; picks prefix or suffix of the image token
   * @throws UnparseableReplyException (with the transcript) when no Q/A pair survives
   */
  public Conversation apply(Conversation conversation, long seed) {
    List<QaPair> kept = new ArrayList<>();
    for (QaPair p : conversation.pairs()) {
      String q = Conversation.stripImageToken(p.question());
      String a = p.answer();
      if (dropNoImageAccess && NO_ACCESS.matcher(a).find()) {
        continue;
      }
      if (cleanCaptionLeaks) {
        q = stripLeadIns(q);
        a = stripLeadIns(a);
        if (LEAK.matcher(a).find() || LEAK.matcher(q).find()) {
          continue;
        }
      }
      if (!q.isBlank() && !a.isBlank()) {
        kept.add(new QaPair(q, a));
      }
    }
    if (kept.isEmpty()) {
      StringBuilder raw = new StringBuilder();
      conversation.turns().forEach(t -> raw.append(t.role().wireName()).append(": ")
          .append(t.text()).append('\n'));
      throw new UnparseableReplyException(
          "post-processing removed every Q/A pair (no image access or caption leaks)", raw.toString());
    }
    Conversation out = Conversation.ofPairs(kept);
    if (insertImageToken) {
      // SplittableRandom mixes small, consecutive seeds well; java.util.Random does not.
      out = out.withImageToken(new SplittableRandom(seed).nextBoolean());
    }
    return out;
  }

  /** Removes lead-ins such as "Based on the caption, " and capitalises what follows. */
  static String stripLeadIns(String text) {
    Matcher m = LEAD_IN.matcher(text);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      sb.append(text, last, m.start());
      last = m.end();
      if (last < text.length()) {
        sb.append(text.substring(last, last + 1).toUpperCase(Locale.ROOT));
        last++;
      }
    }
    sb.append(text.substring(last));
    return sb.toString().strip();
  }
}
