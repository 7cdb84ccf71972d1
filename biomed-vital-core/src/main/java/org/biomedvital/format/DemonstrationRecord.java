package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Json;

/**
 * One clinician demonstration record (the official {@code doctor_few_shot_examples} fields:
 * {@code id, imgs, domain, conversations, fig_caption, fig_id, fig_label, graphic_ref, pair_id,
 * pmid, in_text_mention}), kept whole so it is written back unchanged.
 *
 * <p>The raw turns are kept as they are: two official records (ids 34 and 49) repeat the
 * {@code gpt} role. {@link #toDemonstration()} merges such runs into one turn.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemonstrationRecord extends NodeRecord {
  private final List<Turn> turns;

  DemonstrationRecord(ObjectNode node, List<Turn> turns) {
    super(node);
    this.turns = List.copyOf(turns);
  }

  /** A record for a demonstration, fields in the official order. */
  public static DemonstrationRecord of(Demonstration d) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", d.id());
    n.put("imgs", d.figure().image());
    n.set("domain", Samples.domainNode(d.figure().domains()));
    n.set("conversations", Samples.turnsNode(d.conversation().turns()));
    n.put("fig_caption", d.figure().caption());
    n.put("fig_label", d.figure().figureLabel());
    n.put("pair_id", d.figure().pairId());
    n.put("pmid", d.figure().pmid());
    var m = n.putArray("in_text_mention");
    d.figure().mentions().forEach(m::add);
    return new DemonstrationRecord(n, d.conversation().turns());
  }

  /** The id, as text. */
  public String id() {
    return text("id");
  }

  /** The pair id ({@code pair_id}, else the stem of {@code imgs}). */
  public String pairId() {
    return optionalText("pair_id").orElseGet(() -> stem(image()));
  }

  /** The image file name ({@code imgs}, else {@code image}, else {@code <pair_id>.jpg}). */
  public String image() {
    return optionalText("imgs").or(() -> optionalText("image"))
        .orElseGet(() -> text("pair_id") + ".jpg");
  }

  /** The true domain flags. */
  public Set<Domain> domains() {
    return domainFlags("domain");
  }

  /** The turns exactly as in the file (roles may repeat). */
  public List<Turn> turns() {
    return turns;
  }

  /** The caption. */
  public String caption() {
    return text("fig_caption");
  }

  /** The inline-mention sentences. */
  public List<String> mentions() {
    return mentionTexts("in_text_mention");
  }

  /** The graphic path inside the PMC package, if present. */
  public Optional<String> graphicRef() {
    return optionalText("graphic_ref");
  }

  /** The demonstration, with runs of one role merged into one turn (texts joined by a blank line). */
  public Demonstration toDemonstration() {
    Figure figure = new Figure(pairId(), text("pmid"), text("fig_label"), caption(), mentions(),
        domains(), image());
    return new Demonstration(id(), figure, new Conversation(merge(turns, new ArrayList<>())));
  }

  @Override
  public String toString() {
    return "DemonstrationRecord{" + id() + ", " + turns.size() + " turns}";
  }

  static List<Turn> merge(List<Turn> turns, List<String> repairs) {
    List<Turn> merged = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      int last = merged.size() - 1;
      if (last >= 0 && merged.get(last).role() == t.role()) {
        merged.set(last, new Turn(t.role(), merged.get(last).text() + "\n\n" + t.text()));
        repairs.add("turn " + i + " repeats role '" + t.role().wireName()
            + "'; merged into the turn before it");
      } else {
        merged.add(t);
      }
    }
    return merged;
  }

  static DemonstrationRecord map(JsonFields f, ReadContext ctx) {
    f.identify("id");
    f.requiredText("id");
    if (!f.has("pair_id") && !f.has("imgs") && !f.has("image")) {
      throw f.error("pair_id", "is required but missing (and there is no 'imgs' to derive it from)");
    }
    f.optionalTexts("pair_id", "imgs", "image", "pmid", "fig_label", "fig_caption");
    f.mentions("in_text_mention");
    f.domains("domain");
    List<Turn> turns = f.turns("conversations");
    List<String> repairs = new ArrayList<>();
    List<Turn> merged = merge(turns, repairs);
    List<String> problems = Conversation.problems(merged);
    if (!problems.isEmpty()) {
      throw f.error("conversations", problems.get(0));
    }
    for (String r : repairs) {
      f.warn("conversations", r);
    }
    for (Turn t : turns) {
      if (t.role() == Role.HUMAN && t.text().contains(Conversation.IMAGE_TOKEN)) {
        f.warn("conversations", "contains an <image> token; demonstrations are shown as text, "
            + "the token will be removed in prompts");
        break;
      }
    }
    JsonNode node = f.node();
    return new DemonstrationRecord((ObjectNode) node, turns);
  }

  private static String stem(String image) {
    int dot = image.lastIndexOf('.');
    return dot > 0 ? image.substring(0, dot) : image;
  }
}
