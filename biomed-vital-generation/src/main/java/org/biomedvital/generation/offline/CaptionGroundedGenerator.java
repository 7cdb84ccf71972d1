package org.biomedvital.generation.offline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import org.biomedvital.data.Domain;
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

  private static final String[][] MODALITIES = {
    {"computed tomography|\\bct\\b|\\bhrct\\b|\\bcta\\b|\\bmdct\\b|\\bcect\\b", "computed tomography (CT)", "CT"},
    {"magnetic resonance|\\bmri\\b|\\bmr\\b|\\bmra\\b|t1-weighted|t2-weighted|\\bflair\\b|diffusion-weighted|\\bdwi\\b",
        "magnetic resonance (MRI)", "MRI"},
    {"x-ray|radiograph|\\bcxr\\b|chest film|roentgen", "X-ray radiograph", "X-ray"},
    {"ultraso|sonograph|doppler|echocardiogra", "ultrasound", "ultrasound"},
    {"\\bpet\\b|positron emission", "positron emission tomography (PET)", "PET"},
    {"angiogra|aortogra|arteriogra|venogra|phlebogra|\\bdsa\\b", "angiography", "angiography"},
    {"h&e|hematoxylin|haematoxylin|\\beosin\\b|histolog|immunohistochem|\\bihc\\b|immunostain|"
        + "micrograph|microscop|staining|stained|biopsy specimen|cytolog",
        "histopathology (light microscopy)", "histology"},
    {"endoscop|colonoscop|bronchoscop|gastroscop", "endoscopy", "endoscopy"},
    {"gross (?:specimen|photograph|appearance|pathology|image)|resected specimen|cut surface|"
        + "intraoperative (?:photograph|view|image)|clinical photograph", "gross pathology photograph",
        "gross photograph"},
  };

  private static final String[][] ORGANS = {
    {"\\bbrain\\b|cerebr|cerebell|intracranial|\\bcranial\\b", "brain"},
    {"\\blungs?\\b|pulmonar", "lungs"},
    {"\\bchest\\b|thora", "chest"},
    {"\\bheart\\b|cardiac|myocard|ventric|atri(?:um|al)\\b", "heart"},
    {"\\bliver\\b|hepat", "liver"},
    {"\\bkidneys?\\b|\\brenal\\b", "kidney"},
    {"pancrea", "pancreas"},
    {"\\bspleen\\b|splenic", "spleen"},
    {"\\bcolon\\b|colonic|\\bbowel\\b|intestin|rectum|rectal", "bowel"},
    {"\\bstomach\\b|gastric", "stomach"},
    {"\\bbreast\\b|mammar", "breast"},
    {"\\bspine\\b|spinal|vertebra|lumbar|cervical spine", "spine"},
    {"\\bknees?\\b", "knee"},
    {"\\bhips?\\b|femoral head|femur", "hip and femur"},
    {"\\bpelvi", "pelvis"},
    {"\\babdom", "abdomen"},
    {"\\bskin\\b|cutaneous|dermal|epiderm", "skin"},
    {"lymph node", "lymph nodes"},
    {"thyroid", "thyroid"},
    {"prostat", "prostate"},
    {"bladder", "urinary bladder"},
    {"uter(?:us|ine)|ovar", "female pelvic organs"},
    {"\\bretina|\\bocular|\\borbit", "eye and orbit"},
    {"\\baort|arter(?:y|ies|ial)\\b|\\bvein\\b|venous|vascular", "blood vessels"},
    {"\\bbones?\\b|osseous|skelet", "bone"},
    {"sinus|nasal|\\bneck\\b|laryn|pharyn", "head and neck"},
  };

  private static final String FINDINGS = "masses|mass|lesions|lesion|tumou?rs?|nodules?|cysts?|"
      + "effusions?|consolidation|opacit(?:y|ies)|fractures?|ha?emorrhage|infarcts?|infarction|"
      + "o?edema|stenosis|aneurysms?|calcifications?|necrosis|metastas[ie]s|abscess(?:es)?|"
      + "thickening|dilatation|dilation|enhancement|atelectasis|pneumothorax|carcinoma|sarcoma|"
      + "lymphoma|lymphadenopathy|granulomas?|fibrosis|infiltrat(?:e|es|ion)|hyperintensit(?:y|ies)|"
      + "hypodensit(?:y|ies)|ulcers?|thrombus|occlusion|hernia|obstruction|inflammation|atrophy|"
      + "hyperplasia|dysplasia|invasion|infiltration";
  private static final Pattern FINDING = Pattern.compile("(?i)\\b(" + FINDINGS + ")\\b");
  private static final Pattern MARKER = Pattern.compile(
      "(?i)\\b(arrowheads?|arrows?|asterisks?|stars?|circles?|dashed lines?|dotted lines?)\\b");
  private static final Pattern MEASURE = Pattern.compile(
      "(?i)(\\d+(?:[.,]\\d+)?(?:\\s*[x×]\\s*\\d+(?:[.,]\\d+)?){0,2}\\s*(?:mm|cm|µm|μm|um)\\b)");
  private static final Pattern MAGNIFICATION = Pattern.compile(
      "(?i)(?:[x×]\\s?(\\d{2,4})\\b|\\b(\\d{2,4})\\s?[x×](?![\\d ]))|magnification[^,.;]{0,12}?(\\d{2,4})");
  private static final Pattern STAIN = Pattern.compile(
      "(?i)\\b(h&e|hematoxylin(?: and |-)eosin|haematoxylin(?: and |-)eosin|masson'?s trichrome|"
          + "pas|periodic acid-schiff|giemsa|congo red|immunohistochemi(?:stry|cal)[^,.;]{0,30})");
  private static final Pattern PLANE = Pattern.compile(
      "(?i)\\b(axial|coronal|sagittal|transverse|posteroanterior|anteroposterior|lateral view|"
          + "oblique)\\b");
  private static final Pattern SEQUENCE = Pattern.compile(
      "(?i)\\b(t1-weighted|t2-weighted|flair|diffusion-weighted|dwi|adc map|"
          + "contrast-enhanced|gadolinium-enhanced|post-contrast|non-contrast|unenhanced)\\b");
  private static final Pattern LATERAL = Pattern.compile("(?i)\\b(left|right|bilateral)\\b");
  private static final Pattern DIAGNOSIS = Pattern.compile(
      "(?i)\\b(consistent with|suggestive of|compatible with|diagnos[ie]s|diagnosed|confirmed|"
          + "characteristic of|typical of|indicative of)\\b");
  private static final Pattern VERB = Pattern.compile(
      "(?i)^(.{0,120}?)\\b(shows?|showing|demonstrates?|demonstrating|reveals?|revealing|"
          + "depicts?|depicting|displays?|displaying|illustrates?|illustrating)\\b\\s+(.+)$");
  private static final Pattern LABEL_PREFIX = Pattern.compile(
      "(?i)^\\s*(?:supplementary\\s+)?(?:fig(?:ure)?s?\\.?|image|panel)\\s*\\d*[a-z]?\\s*[.:\\-–—)]?\\s*");
  private static final Pattern PANEL = Pattern.compile("\\(([A-Ha-h])\\)|(?<=^|[.;]\\s)([A-H])[).:]\\s");
  private static final Pattern FIGURE_REF = Pattern.compile(
      "(?i)\\(?\\s*(?:see\\s+)?(?:fig(?:ure)?s?\\.?\\s*\\d+[a-z]?(?:\\s*(?:,|and|-|–)\\s*\\d*[a-z])*)\\s*\\)?");

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
    Facts facts = new Facts(f);
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

  private Optional<QaPair> modality(Facts f, Random r) {
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

  private Optional<QaPair> organ(Facts f, Random r) {
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

  private Optional<QaPair> findings(Facts f, Random r) {
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

  private Optional<QaPair> yesNo(Facts f, Random r) {
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

  private Optional<QaPair> markers(Facts f, Random r) {
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

  private Optional<QaPair> size(Facts f, Random r) {
    if (f.measure == null) {
      return Optional.empty();
    }
    String what = f.findingTerm == null ? "the structure of interest" : "the " + f.findingTerm;
    String q = pick(r, "How large is " + what + "?", "What is the size of " + what + "?");
    return Optional.of(new QaPair(q, capitalise(what) + " measures about " + f.measure + "."));
  }

  private Optional<QaPair> panels(Facts f, Random r) {
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

  private Optional<QaPair> diagnosis(Facts f, Random r) {
    String main = f.findingSentence != null ? f.findingSentence
        : f.captionSentences.isEmpty() ? null : f.captionSentences.get(0);
    if (f.diagnosisSentence == null || f.diagnosisSentence.equals(main)) {
      return Optional.empty();
    }
    String q = pick(r, "What is the most likely diagnosis?",
        "What condition do these findings point to?", "What diagnosis do these findings support?");
    return Optional.of(new QaPair(q, asObservation(f.diagnosisSentence)));
  }

  private Optional<QaPair> context(Facts f, Random r) {
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

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** What the text of a figure tells, extracted once. */
  private static final class Facts {
    final List<String> captionSentences;
    final List<String> mentionSentences = new ArrayList<>();
    final List<String> organs = new ArrayList<>();
    final List<String> panels = new ArrayList<>();
    String modality;
    String modalityShort;
    Optional<String> sequence;
    Optional<String> plane;
    Optional<String> stain;
    Optional<String> magnification;
    Optional<String> laterality;
    String findingSentence;
    String findingTerm;
    String marker;
    String markerSentence;
    String measure;
    String measureSentence;
    String diagnosisSentence;

    Facts(Figure f) {
      String caption = clean(LABEL_PREFIX.matcher(clean(f.caption())).replaceFirst(""));
      captionSentences = sentences(caption);
      for (String m : f.mentions()) {
        for (String s : sentences(cleanMention(m))) {
          if (s.length() > 15) {
            mentionSentences.add(s);
          }
        }
      }
      String all = (caption + " " + String.join(" ", mentionSentences)).toLowerCase(Locale.ROOT);
      // The modality named first wins (the caption comes before the mentions in 'all'):
      // "Aortography ... consistent with the CT" is an angiogram.
      int best = Integer.MAX_VALUE;
      for (String[] mod : MODALITIES) {
        Matcher mm = Pattern.compile(mod[0]).matcher(all);
        if (mm.find() && mm.start() < best) {
          best = mm.start();
          modality = mod[1];
          modalityShort = mod[2];
        }
      }
      if ("PET".equals(modalityShort) && Pattern.compile("pet[-/ ]?ct").matcher(all).find()) {
        modality = "PET-CT (positron emission tomography with computed tomography)";
      }
      if (modality == null) {
        Optional<Domain> d = Domain.firstOf(f.domains(), Domain.WIRE_ORDER);
        if (d.isPresent()) {
          switch (d.get()) {
            case CHEST_XRAY:
              modality = "chest X-ray";
              modalityShort = "X-ray";
              break;
            case MRI:
              modality = "magnetic resonance (MRI)";
              modalityShort = "MRI";
              break;
            case CT_SCAN:
              modality = "computed tomography (CT)";
              modalityShort = "CT";
              break;
            case HISTOLOGY:
              modality = "histopathology (light microscopy)";
              modalityShort = "histology";
              break;
            default:
              modality = "gross pathology photograph";
              modalityShort = "gross photograph";
          }
        }
      }
      if (f.domains().contains(Domain.CHEST_XRAY) && "X-ray".equals(modalityShort)) {
        modality = "chest X-ray";
      }
      Set<String> seen = new LinkedHashSet<>();
      List<int[]> positions = new ArrayList<>();
      for (String[] o : ORGANS) {
        Matcher m = Pattern.compile(o[0]).matcher(all);
        if (m.find() && seen.add(o[1])) {
          positions.add(new int[] {m.start(), positions.size()});
        }
      }
      List<String> organList = new ArrayList<>(seen);
      positions.sort((a, b) -> Integer.compare(a[0], b[0]));
      for (int[] p : positions) {
        organs.add(organList.get(p[1]));
      }
      if (organs.isEmpty() && f.domains().contains(Domain.CHEST_XRAY)) {
        organs.add("chest");
      }
      String allText = caption + " " + String.join(" ", mentionSentences);
      sequence = first(SEQUENCE, allText);
      plane = first(PLANE, all).map(s -> s.toLowerCase(Locale.ROOT));
      stain = first(STAIN, caption + " " + String.join(" ", mentionSentences))
          .map(s -> s.equalsIgnoreCase("h&e") ? "hematoxylin and eosin (H&E)" : s);
      Matcher mag = MAGNIFICATION.matcher(caption);
      magnification = mag.find() ? Optional.ofNullable(mag.group(1) != null ? mag.group(1)
          : mag.group(2) != null ? mag.group(2) : mag.group(3)) : Optional.empty();
      laterality = first(LATERAL, caption).map(s -> s.toLowerCase(Locale.ROOT));
      for (String s : captionSentences) {
        Matcher m = FINDING.matcher(s);
        if (findingSentence == null && m.find()) {
          findingSentence = s;
          findingTerm = m.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher mk = MARKER.matcher(s);
        if (markerSentence == null && mk.find()) {
          markerSentence = s;
          marker = mk.group(1).toLowerCase(Locale.ROOT);
        }
        Matcher ms = MEASURE.matcher(s);
        if (measure == null && ms.find()) {
          measure = ms.group(1).replaceAll("\\s*[x×]\\s*", " × ");
          measureSentence = s;
        }
        if (diagnosisSentence == null && DIAGNOSIS.matcher(s).find()) {
          diagnosisSentence = s;
        }
      }
      if (findingSentence == null) {
        for (String s : mentionSentences) {
          Matcher m = FINDING.matcher(s);
          if (m.find()) {
            findingSentence = s;
            findingTerm = m.group(1).toLowerCase(Locale.ROOT);
            break;
          }
        }
      }
      if (findingTerm != null) {
        findingTerm = singular(findingTerm);
      }
      Matcher p = PANEL.matcher(caption);
      List<int[]> marks = new ArrayList<>();
      while (p.find()) {
        marks.add(new int[] {p.start(), p.end()});
      }
      if (marks.size() >= 2) {
        for (int i = 0; i < marks.size() && i < 6; i++) {
          int end = i + 1 < marks.size() ? marks.get(i + 1)[0] : caption.length();
          String label = caption.substring(marks.get(i)[0], marks.get(i)[1]).replaceAll("[^A-Za-z]", "")
              .toUpperCase(Locale.ROOT);
          String text = caption.substring(marks.get(i)[1], end).strip().replaceAll("[;,]$", "").strip();
          if (!text.isEmpty()) {
            panels.add("(" + label + ") " + capitalise(text) + (text.endsWith(".") ? "" : "."));
          }
        }
      }
    }

    private static String singular(String term) {
      if (term.endsWith("ases") && term.startsWith("metasta")) {
        return "metastasis";
      }
      if (term.endsWith("esses")) {
        return term.substring(0, term.length() - 2);
      }
      if (term.endsWith("ies")) {
        return term.substring(0, term.length() - 3) + "y";
      }
      if (term.endsWith("s") && !term.endsWith("ss") && !term.endsWith("sis")) {
        return term.substring(0, term.length() - 1);
      }
      return term;
    }

    private static Optional<String> first(Pattern p, String text) {
      Matcher m = p.matcher(text);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String clean(String s) {
      return s.replaceAll("[\\s\\p{Z}]+", " ").strip();
    }

    /** Undoes the space tokenisation of PMC mentions and removes figure references. */
    private static String cleanMention(String m) {
      String s = clean(m)
          .replaceAll(" ([.,;:!?%)\\]])", "$1")
          .replaceAll("([(\\[]) ", "$1")
          .replaceAll(" ' s\\b", "'s");
      s = FIGURE_REF.matcher(s).replaceAll(" ");
      return clean(s.replaceAll("\\(\\s*\\)|\\[\\s*\\]", "")).replaceAll(" ([.,;])", "$1");
    }

    private static List<String> sentences(String text) {
      List<String> out = new ArrayList<>();
      for (String s : text.split("(?<=[.!?])\\s+(?=[A-Z(])")) {
        String t = s.strip();
        if (t.length() > 3) {
          out.add(t);
        }
      }
      return out;
    }
  }
}
