package org.biomedvital.generation.offline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;

/** What the text of a figure tells, extracted once. */
final class CaptionFacts {
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
  private static final Pattern LABEL_PREFIX = Pattern.compile(
      "(?i)^\\s*(?:supplementary\\s+)?(?:fig(?:ure)?s?\\.?|image|panel)\\s*\\d*[a-z]?\\s*[.:\\-–—)]?\\s*");
  private static final Pattern PANEL = Pattern.compile("\\(([A-Ha-h])\\)|(?<=^|[.;]\\s)([A-H])[).:]\\s");
  private static final Pattern FIGURE_REF = Pattern.compile(
      "(?i)\\(?\\s*(?:see\\s+)?(?:fig(?:ure)?s?\\.?\\s*\\d+[a-z]?(?:\\s*(?:,|and|-|–)\\s*\\d*[a-z])*)\\s*\\)?");


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

  CaptionFacts(Figure f) {
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
          panels.add("(" + label + ") " + CaptionGroundedGenerator.capitalise(text) + (text.endsWith(".") ? "" : "."));
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
