package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.internal.Json;

/**
 * One PMC caption record (method.md 5.1): {@code pair_id, pmid, fig_id, fig_label, fig_caption,
 * in_text_mention, domain, graphic_ref} and whatever else the file holds, kept in order.
 * {@code in_text_mention} may be null, a string, a list of strings, or a list of
 * {@code {tokens, entities}} objects; it is written back exactly as read.
 *
 * <p>Immutable and thread-safe.
 */
public final class PmcFigureRecord extends NodeRecord {
  private final String group;

  PmcFigureRecord(ObjectNode node, String group) {
    super(node);
    this.group = group;
  }

  /**
   * A record for a figure, fields in the official order; mentions are written as plain strings
   * (null when there are none).
   *
   * @param group the key of a domain-keyed file this record belongs under, or null
   */
  public static PmcFigureRecord of(Figure figure, String group) {
    Objects.requireNonNull(figure, "figure == null");
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("pair_id", figure.pairId());
    n.put("pmid", figure.pmid());
    String pairId = figure.pairId();
    int underscore = pairId.indexOf('_');
    n.put("fig_id", underscore >= 0 ? pairId.substring(underscore + 1) : "");
    n.put("fig_label", figure.figureLabel());
    n.put("fig_caption", figure.caption());
    if (figure.mentions().isEmpty()) {
      n.putNull("in_text_mention");
    } else {
      ArrayNode m = n.putArray("in_text_mention");
      figure.mentions().forEach(m::add);
    }
    n.set("domain", Samples.domainNode(figure.domains()));
    return new PmcFigureRecord(n, group);
  }

  /** The pair id, {@code "<pmid>_<fig_id>"}, also the image file stem. */
  public String pairId() {
    return text("pair_id");
  }

  /** The PubMed id, empty when absent. */
  public String pmid() {
    return text("pmid");
  }

  /** The figure id within the paper, e.g. {@code F2}; empty when absent. */
  public String figId() {
    return text("fig_id");
  }

  /** The label, e.g. {@code "Figure 2"}; empty when absent. */
  public String figLabel() {
    return text("fig_label");
  }

  /** The caption, empty when absent. */
  public String caption() {
    return text("fig_caption");
  }

  /** The inline-mention sentences ({@code tokens} of each object), in order. */
  public List<String> mentions() {
    return mentionTexts("in_text_mention");
  }

  /** The true domain flags. */
  public Set<Domain> domains() {
    return domainFlags("domain");
  }

  /** The path of the graphic inside the PMC article package, if present. */
  public Optional<String> graphicRef() {
    return optionalText("graphic_ref");
  }

  /** The key this record was found under in a domain-keyed file, if any. */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** The image file name: {@code image} when the record has one, else {@code <pair_id>.jpg}. */
  public String image() {
    return optionalText("image").orElse(pairId() + ".jpg");
  }

  /** The figure this record describes. */
  public Figure toFigure() {
    return new Figure(pairId(), pmid(), figLabel(), caption(), mentions(), domains(), image());
  }

  /** A copy under another group (for writing a domain-keyed file). */
  public PmcFigureRecord withGroup(String newGroup) {
    return new PmcFigureRecord(node, newGroup);
  }

  @Override
  public String toString() {
    return "PmcFigureRecord{" + pairId() + "}";
  }

  static PmcFigureRecord map(JsonFields f, ReadContext ctx) {
    f.identify("pair_id");
    String pairId = f.requiredText("pair_id");
    if (pairId.isBlank()) {
      throw f.error("pair_id", "must not be blank; it names the figure and its image");
    }
    f.optionalTexts("pmid", "fig_id", "fig_label", "fig_caption", "graphic_ref", "image");
    if (!f.has("fig_caption")) {
      f.warn("fig_caption", "is missing; the generator grounds its questions on the caption");
    }
    f.mentions("in_text_mention");
    f.domains("domain");
    JsonNode node = f.node();
    return new PmcFigureRecord((ObjectNode) node, ctx.group);
  }
}
