package org.biomedvital.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.internal.Checks;

/**
 * A biomedical figure from a paper: its PMC identifiers, caption, inline mentions (the sentences of
 * the paper that cite it), imaging domains and the relative name of its image file.
 *
 * @param pairId {@code "<pmid>_<fig_id>"}, also the image file stem
 * @param pmid the PubMed id, may be empty
 * @param figureLabel e.g. {@code "Figure 2"}, may be empty
 * @param caption the caption, may be empty
 * @param mentions the inline-mention sentences, in order
 * @param domains the true domain flags
 * @param image the image file name relative to the image folder, e.g. {@code "18063892_F3.jpg"}
 */
public record Figure(
    String pairId,
    String pmid,
    String figureLabel,
    String caption,
    List<String> mentions,
    Set<Domain> domains,
    String image) {

  /** Validates and copies. */
  public Figure {
    Checks.notBlank(pairId, "pairId");
    Objects.requireNonNull(pmid, "pmid == null");
    Objects.requireNonNull(figureLabel, "figureLabel == null");
    Objects.requireNonNull(caption, "caption == null");
    mentions = List.copyOf(mentions);
    domains = Domain.setOf(domains);
    Checks.notBlank(image, "image");
  }

  /** A figure whose image is {@code <pairId>.jpg}, as in the LLaVA-Med pool. */
  public static Figure of(
      String pairId, String caption, List<String> mentions, Set<Domain> domains) {
    return new Figure(pairId, "", "", caption, mentions, domains, pairId + ".jpg");
  }

  /**
   * The LLaVA-Med / BioMed-VITAL context block: {@code "Figure Caption:\n" + label + ": " +
   * caption}, then, if there are mentions, {@code "\n\nFigure Context:\n\t- "} and the mentions
   * joined with {@code "\n\t- "}.
   */
  public String context() {
    StringBuilder sb = new StringBuilder("Figure Caption:\n");
    sb.append(figureLabel).append(": ").append(caption);
    if (!mentions.isEmpty()) {
      sb.append("\n\nFigure Context:\n\t- ").append(String.join("\n\t- ", mentions));
    }
    return sb.toString();
  }
}
