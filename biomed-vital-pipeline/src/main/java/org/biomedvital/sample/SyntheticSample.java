package org.biomedvital.sample;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.QaPair;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;

/**
 * Writes the demo's synthetic sample data, deterministically from a seed: phantom images drawn by
 * code, PMC-style caption records, clinician-style demonstrations and preference pairs, and a
 * held-out split with QA50-style questions. Everything is labelled synthetic; none of it is clinical
 * data or describes a patient.
 *
 * <pre>{@code
 * SampleFiles files = SyntheticSample.write(Path.of("demo/sample"), SyntheticSample.DEFAULT_SEED);
 * }</pre>
 *
 * <p>Layout of the folder: {@code images/<pair_id>.jpg}, {@code figures.json} (training figures),
 * {@code demonstrations.jsonl}, {@code clinician-pairs.json}, {@code heldout/figures.json},
 * {@code heldout/qa50.jsonl} and {@code README.txt}.
 */
public final class SyntheticSample {
  /** The seed the demo uses. */
  public static final long DEFAULT_SEED = 7L;
  /** Training figures per domain. */
  public static final int FIGURES_PER_DOMAIN = 8;
  /** Held-out figures per domain. */
  public static final int HELDOUT_PER_DOMAIN = 2;
  /** Demonstrations per domain. */
  public static final int DEMONSTRATIONS_PER_DOMAIN = 3;
  /** Clinician preference pairs. */
  public static final int PREFERENCE_PAIRS = 60;

  private static final String NOTICE = "SYNTHETIC SAMPLE DATA for the biomed-vital demo.\n"
      + "Every image was drawn by code (java.awt phantoms) and every caption, mention, conversation,\n"
      + "preference and question was written by a program from the same drawing parameters.\n"
      + "Nothing here is clinical data, comes from a patient or a publication, or is medical advice.\n"
      + "Identifiers (SYN...) are made up.\n";

  private SyntheticSample() {}

  /**
   * Writes the sample into {@code dir} (created if needed; existing files are overwritten).
   *
   * @return the paths and counts
   */
  public static SampleFiles write(Path dir, long seed) {
    try {
      return writeChecked(dir, seed);
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot write the synthetic sample into " + dir, e);
    }
  }

  private static SampleFiles writeChecked(Path dir, long seed) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path heldoutDir = Files.createDirectories(dir.resolve("heldout"));
    Random random = new Random(seed);
    List<Fig> train = new ArrayList<>();
    List<Fig> heldout = new ArrayList<>();
    List<Fig> demos = new ArrayList<>();
    int serial = 1;
    for (Domain d : Domain.WIRE_ORDER) {
      int per = FIGURES_PER_DOMAIN + HELDOUT_PER_DOMAIN + DEMONSTRATIONS_PER_DOMAIN;
      for (int i = 0; i < per; i++) {
        Finding f = SampleText.randomFinding(d, random, i);
        int figNo = 1 + random.nextInt(4);
        String pmid = String.format(java.util.Locale.ROOT, "SYN%04d", serial++);
        String label = List.of("Figure ", "Fig. ", "FIG. ").get(random.nextInt(3)) + figNo;
        Fig fig = new Fig(pmid + "_F" + figNo, pmid, "F" + figNo, label, f);
        BufferedImage img = Phantoms.draw(f, new Random(random.nextLong()));
        if (!ImageIO.write(img, "jpg", images.resolve(fig.pairId + ".jpg").toFile())) {
          throw new IOException("no JPEG writer in this JDK");
        }
        (i < FIGURES_PER_DOMAIN ? train : i < FIGURES_PER_DOMAIN + HELDOUT_PER_DOMAIN ? heldout : demos)
            .add(fig);
      }
    }
    Path figures = dir.resolve("figures.json");
    writeJson(figures, figureArray(train));
    Path heldoutFigures = heldoutDir.resolve("figures.json");
    writeJson(heldoutFigures, figureArray(heldout));
    Path demonstrations = dir.resolve("demonstrations.jsonl");
    StringBuilder sb = new StringBuilder();
    int id = 1;
    for (Fig f : demos) {
      ObjectNode n = record(f);
      n.put("id", id++);
      n.put("imgs", f.pairId + ".jpg");
      List<QaPair> qa = SampleText.qa(f.finding);
      List<org.biomedvital.data.Turn> turns = new ArrayList<>();
      for (QaPair p : qa.subList(0, Math.min(4, qa.size()))) {
        turns.add(org.biomedvital.data.Turn.human(p.question()));
        turns.add(org.biomedvital.data.Turn.gpt(p.answer()));
      }
      ObjectNode ordered = Json.mapper().createObjectNode();
      ordered.put("id", n.get("id").asInt());
      ordered.put("imgs", f.pairId + ".jpg");
      ordered.set("domain", n.get("domain"));
      ordered.set("conversations", Samples.turnsNode(turns));
      for (String k : List.of("fig_caption", "fig_id", "fig_label", "pair_id", "pmid", "in_text_mention",
          "synthetic")) {
        ordered.set(k, n.get(k));
      }
      sb.append(ordered).append('\n');
    }
    Files.writeString(demonstrations, sb.toString(), StandardCharsets.UTF_8);
    Path pairs = dir.resolve("clinician-pairs.json");
    ArrayNode pairArray = Json.mapper().createArrayNode();
    for (int i = 0; i < PREFERENCE_PAIRS; i++) {
      Fig f = train.get(i % train.size());
      List<QaPair> qa = SampleText.qa(f.finding);
      QaPair p = qa.get((i / train.size() + 2 + i) % qa.size());
      ObjectNode n = pairArray.addObject();
      n.put("img", f.pairId + ".jpg");
      n.put("question", p.question());
      n.put("answer_positive", p.answer());
      n.put("answer_negative", SampleText.flawed(f.finding, p, i));
      n.put("fig_caption", SampleText.caption(f.finding));
      n.put("inline_mention", SampleText.mentions(f.finding, f.label).get(0));
      n.put("annotator", "synthetic-clinician-" + (1 + i % 3));
    }
    writeJson(pairs, pairArray);
    Path qa50 = heldoutDir.resolve("qa50.jsonl");
    sb.setLength(0);
    int qid = 0;
    for (Fig f : heldout) {
      List<QaPair> qa = SampleText.qa(f.finding);
      for (QaPair p : List.of(qa.get(0), qa.get(2))) {
        sb.append(question(qid++, f, p.question(), p.answer(), "conversation")).append('\n');
      }
    }
    for (Fig f : heldout) {
      sb.append(question(qid++, f, "Describe the following image in detail",
          SampleText.description(f.finding), "detailed_description")).append('\n');
    }
    Files.writeString(qa50, sb.toString(), StandardCharsets.UTF_8);
    Path readme = dir.resolve("README.txt");
    Files.writeString(readme, NOTICE + "\nseed: " + seed + "\n", StandardCharsets.UTF_8);
    return new SampleFiles(dir, figures, images, demonstrations, pairs, heldoutFigures, qa50, readme,
        train.size(), heldout.size(), demos.size(), PREFERENCE_PAIRS, qid);
  }

  private static ObjectNode question(int id, Fig f, String q, String answer, String type) {
    ObjectNode rec = record(f);
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("question_id", id);
    n.put("image", f.pairId + ".jpg");
    n.put("pair_id", f.pairId);
    n.put("text", q + "\n<image>");
    n.put("gpt4_answer", answer);
    n.set("fig_caption", rec.get("fig_caption"));
    n.set("in_text_mention", rec.get("in_text_mention"));
    n.set("domain", rec.get("domain"));
    n.put("type", type);
    n.put("fig_label", f.label);
    return n;
  }

  private static ArrayNode figureArray(List<Fig> figs) {
    ArrayNode a = Json.mapper().createArrayNode();
    figs.forEach(f -> a.add(record(f)));
    return a;
  }

  /** A PMC-style caption record. */
  private static ObjectNode record(Fig f) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("pair_id", f.pairId);
    n.put("pmid", f.pmid);
    n.put("fig_id", f.figId);
    n.put("fig_label", f.label);
    n.put("fig_caption", SampleText.caption(f.finding));
    ArrayNode mentions = n.putArray("in_text_mention");
    for (String m : SampleText.mentions(f.finding, f.label)) {
      ObjectNode mn = mentions.addObject();
      mn.put("tokens", m);
      ArrayNode entities = mn.putArray("entities");
      String[] toks = m.split(" ");
      for (int i = 0; i + 1 < toks.length; i++) {
        if (f.label.startsWith(toks[i]) && f.label.endsWith(toks[i + 1])) {
          ObjectNode e = entities.addObject();
          e.put("type", "figure");
          e.put("entity_id", f.figId.substring(1));
          e.put("start_tok", i);
          e.put("end_tok", i + 2);
        }
      }
    }
    n.set("domain", Samples.domainNode(java.util.Set.of(f.finding.domain())));
    n.put("synthetic", true);
    return n;
  }

  private static void writeJson(Path file, Object node) throws IOException {
    Files.writeString(file, Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
  }

  private static final class Fig {
    final String pairId;
    final String pmid;
    final String figId;
    final String label;
    final Finding finding;

    Fig(String pairId, String pmid, String figId, String label, Finding finding) {
      this.pairId = pairId;
      this.pmid = pmid;
      this.figId = figId;
      this.label = label;
      this.finding = finding;
    }
  }
}
