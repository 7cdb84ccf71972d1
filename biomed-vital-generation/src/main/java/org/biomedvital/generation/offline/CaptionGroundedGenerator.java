package org.biomedvital.generation.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Figure;
import org.biomedvital.data.QaPair;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.model.TokenUsage;

/**
 * Builds a plausible multi-turn conversation about a figure from its caption, inline mentions and
 * domain flags, without any model: deterministic for a figure and seed, instant, free.
 *
 * <p>It recognises the imaging modality (keywords, else the domain flags), MRI sequence, plane or
 * view, stain and magnification, organs, laterality, findings, markers (arrows, asterisks),
 * measurements, panels and diagnostic statements, and asks about each what it can answer from the
 * text: modality, organ, main findings, a yes/no check, markers, size, panels, the diagnosis and the
 * context in the paper. The seed varies the phrasing and the order of questions, so the N candidates
 * of a figure differ. Answers restate the text as what the image shows and never cite "the caption";
 * the LLaVA-Med post-processing then places one {@code <image>} token.
 *
 * <p>It is the no-LLM baseline of BioMed-VITAL generation: the answers hold only what the text
 * says, which is exactly what a vision model's answers should at least agree with. Thread-safe.
 */
public final class CaptionGroundedGenerator implements InstructionGenerator {
  /** The generator (and provider) name. */
  public static final String NAME = "caption-grounded";
  /** The template id recorded in provenance. */
  public static final String TEMPLATE = "caption-grounded-v1";

  private static final Pattern VERB = Pattern.compile(
      "(?i)^(.{0,120}?)\\b(shows?|showing|demonstrates?|demonstrating|reveals?|revealing|"
          + "depicts?|depicting|displays?|displaying|illustrates?|illustrating)\\b\\s+(.+)$");
  /** The most Q/A pairs per conversation. */
  public static final int MAX_PAIRS = 7;

  private final PostProcessing postProcessing;

  /** A generator with the default post-processing ({@code <image>} token placed by seed). */
  public CaptionGroundedGenerator() {
    this(PostProcessing.DEFAULT);
  }

  /** A generator with the given post-processing. */
  public CaptionGroundedGenerator(PostProcessing postProcessing) {
    this.postProcessing = Objects.requireNonNull(postProcessing, "postProcessing == null");
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Builds one candidate.
   *
   * @throws InvalidDataException when the figure has no caption, no mentions and no domain flags
   */
  @Override
  public GenerationResult generate(GenerationRequest request) {
    Figure f = request.figure();
    Conversation c = conversation(f, request.seed());
    return new GenerationResult(postProcessing.apply(c, request.seed()), TokenUsage.NONE, "",
        TEMPLATE, "");
  }

  /** The conversation for a figure and seed, before post-processing. */
  public Conversation conversation(Figure f, long seed) {
    CaptionFacts facts = new CaptionFacts(f);
    if (facts.captionSentences.isEmpty() && facts.mentionSentences.isEmpty()
        && f.domains().isEmpty()) {
      throw new InvalidDataException(null, 0, null, "figure " + f.pairId()
          + " has no caption, no inline mentions and no domain flags: nothing to ground a"
          + " conversation on; fill in fig_caption or drop the record");
    }
    Random r = new Random(seed ^ 0x5DEECE66DL);
    // In order of priority: what a clinician would ask first survives the cap of 7 pairs.
    List<QaPair> rest = new ArrayList<>();
    Optional<QaPair> modality = modality(facts, r);
    organ(facts, r).ifPresent(rest::add);
    findings(facts, r).ifPresent(rest::add);
    diagnosis(facts, r).ifPresent(rest::add);
    markers(facts, r).ifPresent(rest::add);
    size(facts, r).ifPresent(rest::add);
    panels(facts, r).ifPresent(rest::add);
    yesNo(facts, r).ifPresent(rest::add);
    context(facts, r).ifPresent(rest::add);
    List<QaPair> head = new ArrayList<>();
    modality.ifPresent(head::add);
    int room = MAX_PAIRS - head.size();
    if (rest.size() > room) {
      rest = new ArrayList<>(rest.subList(0, room));
    }
    // Open with the modality, sometimes with the organ; shuffle the rest for variety.
    if (!rest.isEmpty() && head.size() == 1 && r.nextInt(3) == 0) {
      head.add(0, rest.remove(0));
    }
    java.util.Collections.shuffle(rest, r);
    head.addAll(rest);
    return Conversation.ofPairs(head);
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private Optional<QaPair> modality(CaptionFacts f, Random r) {
    if (f.modality == null) {
      return Optional.empty();
    }
    String q = pick(r, "What imaging modality was used to obtain this image?",
        "What type of image is this?", "Which imaging technique is shown here?",
        "Can you tell what kind of medical image this is?");
    StringBuilder a = new StringBuilder();
    if (f.modalityShort.equals("histology")) {
      a.append("This is a histopathology image, a microscopic view of tissue");
      f.stain.ifPresent(s -> a.append(" stained with ").append(s));
      f.magnification.ifPresent(m -> a.append(", shown at ×").append(m).append(" magnification"));
    } else if (f.modalityShort.equals("gross photograph")) {
      a.append("This is a gross pathology photograph of a specimen");
      if (!f.organs.isEmpty()) {
        a.append(" from the ").append(f.organs.get(0));
      }
    } else {
      a.append("This is ").append(article(f.modality)).append(' ').append(f.modality).append(" image");
      f.sequence.ifPresent(s -> a.append(" (").append(s).append(")"));
      if (!f.organs.isEmpty() && !f.modality.contains(f.organs.get(0))) {
        a.append(" of the ").append(f.organs.get(0));
      }
      f.plane.ifPresent(p -> a.append(", ").append(p.endsWith("view") ? "taken as a " + p
          : "shown in the " + p + " plane"));
    }
    a.append('.');
    return Optional.of(new QaPair(q, a.toString()));
  }

  private Optional<QaPair> organ(CaptionFacts f, Random r) {
    if (f.organs.isEmpty()) {
      return Optional.empty();
    }
    String q = pick(r, "Which organ or body region is shown in the image?",
        "What part of the body does this image show?", "Which anatomical structures are visible?");
    String a = "The image shows the " + joinAnd(f.organs.subList(0, Math.min(3, f.organs.size())))
        + f.laterality.map(l -> l.equals("bilateral") ? ", with findings on both sides"
            : ", with the finding on the " + l + " side").orElse("") + ".";
    return Optional.of(new QaPair(q, a));
  }

  private Optional<QaPair> findings(CaptionFacts f, Random r) {
    String s = f.findingSentence != null ? f.findingSentence
        : f.captionSentences.isEmpty() ? null : f.captionSentences.get(0);
    if (s == null) {
      return Optional.empty();
    }
    String q = f.findingSentence != null
        ? pick(r, "What are the main findings in this image?", "What abnormality can be seen here?",
            "Can you describe the key findings?", "What does the image reveal?")
        : pick(r, "What does this image show?", "Can you describe what is shown in the figure?",
            "What is depicted in this image?");
    return Optional.of(new QaPair(q, asObservation(s)));
  }

  private Optional<QaPair> yesNo(CaptionFacts f, Random r) {
    if (f.modality == null || f.modalityShort.equals("gross photograph")) {
      return Optional.empty();
    }
    if (f.findingTerm != null && r.nextBoolean()) {
      String np = countable(f.findingTerm) ? article(f.findingTerm) + " " + f.findingTerm
          : f.findingTerm;
      String q = "Is there " + np + " visible in this image?";
      return Optional.of(new QaPair(q, "Yes, " + np
          + " is visible" + f.laterality.map(l -> l.equals("bilateral") ? " on both sides"
              : " on the " + l + " side").orElse("") + "."));
    }
    String[] others = {"CT", "MRI", "X-ray", "ultrasound", "histology"};
    List<String> wrong = new ArrayList<>();
    for (String o : others) {
      // Angiography is X-ray based and PET-CT includes a CT: neither "no" would be true.
      boolean related = (f.modalityShort.equals("angiography") && o.equals("X-ray"))
          || (f.modalityShort.equals("PET") && o.equals("CT"));
      if (!o.equals(f.modalityShort) && !related) {
        wrong.add(o);
      }
    }
    String other = wrong.get(r.nextInt(wrong.size()));
    String q = "Is this " + article(other) + " " + other + (other.equals("histology") ? " slide?" : " image?");
    return Optional.of(new QaPair(q, "No. It is " + article(f.modality) + " " + f.modality
        + (f.modalityShort.equals("histology") ? " image" : " image") + ", not "
        + article(other) + " " + other + (other.equals("histology") ? " slide." : " image.")));
  }

  private Optional<QaPair> markers(CaptionFacts f, Random r) {
    if (f.markerSentence == null) {
      return Optional.empty();
    }
    String q = pick(r, "What do the " + plural(f.marker) + " in the image indicate?",
        "What is marked by the " + plural(f.marker) + "?",
        "What are the " + plural(f.marker) + " pointing to?");
    String s = f.markerSentence.replaceAll("(?i)\\s*\\(([^()]*?\\b" + Pattern.quote(f.marker)
        + "[^()]*)\\)", "");
    return Optional.of(new QaPair(q, "The " + plural(f.marker) + " highlight the finding of interest: "
        + lowerFirst(asObservation(s))));
  }

  private Optional<QaPair> size(CaptionFacts f, Random r) {
    if (f.measure == null) {
      return Optional.empty();
    }
    String what = f.findingTerm == null ? "the structure of interest" : "the " + f.findingTerm;
    String q = pick(r, "How large is " + what + "?", "What is the size of " + what + "?");
    return Optional.of(new QaPair(q, capitalise(what) + " measures about " + f.measure + "."));
  }

  private Optional<QaPair> panels(CaptionFacts f, Random r) {
    if (f.panels.size() < 2) {
      return Optional.empty();
    }
    String q = pick(r, "How many panels does this figure have, and what do they show?",
        "What do the different panels of the figure show?");
    StringBuilder a = new StringBuilder("The figure has " + f.panels.size() + " panels.");
    for (String p : f.panels) {
      a.append(' ').append(p);
    }
    return Optional.of(new QaPair(q, a.toString().strip()));
  }

  private Optional<QaPair> diagnosis(CaptionFacts f, Random r) {
    String main = f.findingSentence != null ? f.findingSentence
        : f.captionSentences.isEmpty() ? null : f.captionSentences.get(0);
    if (f.diagnosisSentence == null || f.diagnosisSentence.equals(main)) {
      return Optional.empty();
    }
    String q = pick(r, "What is the most likely diagnosis?",
        "What condition do these findings point to?", "What diagnosis do these findings support?");
    return Optional.of(new QaPair(q, asObservation(f.diagnosisSentence)));
  }

  private Optional<QaPair> context(CaptionFacts f, Random r) {
    String s = null;
    for (String m : f.mentionSentences) {
      if (m.length() > 30 && !m.equals(f.findingSentence)) {
        s = m;
        break;
      }
    }
    if (s != null) {
      String q = pick(r, "What is the clinical significance of these findings?",
          "How do these findings relate to the patient's condition?",
          "Why is this image relevant to the case?");
      return Optional.of(new QaPair(q, s));
    }
    for (String c : f.captionSentences) {
      if (!c.equals(f.findingSentence) && !c.equals(f.markerSentence)
          && !c.equals(f.diagnosisSentence) && !c.equals(f.measureSentence) && c.length() > 25) {
        String q = pick(r, "What else can be observed in the image?",
            "Is there anything else notable in this image?");
        return Optional.of(new QaPair(q, asObservation(c)));
      }
    }
    return Optional.empty();
  }

  /** Restates a caption sentence as what the image shows. */
  static String asObservation(String sentence) {
    String s = sentence.replaceAll("(?i)\\s*\\([^()]*\\b(?:arrow|arrowhead|asterisk|star|circle|line)s?\\b[^()]*\\)", "")
        .strip();
    Matcher m = VERB.matcher(s);
    if (m.matches() && m.group(3).length() > 3) {
      String rest = m.group(3);
      return "The image shows " + lowerFirst(rest) + (rest.endsWith(".") ? "" : ".");
    }
    String end = s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? "" : ".";
    if (s.split(" ").length <= 8 && !s.contains(",")) {
      String np = lowerFirst(s);
      return "This is " + article(np) + " " + np + end;
    }
    return capitalise(s) + end;
  }

  private static final java.util.Set<String> COUNTABLE = java.util.Set.of("mass", "lesion", "tumor",
      "tumour", "nodule", "cyst", "effusion", "fracture", "infarct", "aneurysm", "calcification",
      "abscess", "ulcer", "thrombus", "hernia", "granuloma", "opacity", "hyperintensity",
      "hypodensity", "carcinoma", "sarcoma", "lymphoma", "metastasis", "stenosis", "occlusion",
      "obstruction", "infiltrate");

  /** Whether a finding takes an article ("a mass") or not ("lymphadenopathy"). */
  private static boolean countable(String term) {
    return COUNTABLE.contains(term);
  }

  private static String article(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.startsWith("x-ray") || w.startsWith("mri") || w.startsWith("mr ")) {
      return "an";
    }
    return "aeiou".indexOf(w.charAt(0)) >= 0 && !w.startsWith("u") ? "an" : "a";
  }

  private static String plural(String marker) {
    String m = marker.toLowerCase(Locale.ROOT);
    return m.endsWith("s") ? m : m + "s";
  }

  private static String joinAnd(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
