package org.biomedvital.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.biomedvital.data.Domain;
import org.biomedvital.data.QaPair;

/**
 * Writes the words for a {@link Finding}: caption, inline mentions, grounded question/answer pairs,
 * a detailed description and flawed answers for clinician-style preference pairs. Package-private.
 */
final class SampleText {
  private SampleText() {}

  static Finding randomFinding(Domain d, Random r, int variant) {
    String side = r.nextBoolean() ? "right" : "left";
    switch (d) {
      case CHEST_XRAY: {
        String kind = List.of("nodule", "effusion", "cardiomegaly").get(variant % 3);
        return new Finding(d, kind, side, r.nextBoolean() ? "upper zone" : "lower zone",
            10 + r.nextInt(16), variant);
      }
      case MRI: {
        String kind = variant % 2 == 0 ? "lesion" : "mass";
        return new Finding(d, kind, side, r.nextBoolean() ? "frontal lobe" : "parietal lobe",
            kind.equals("mass") ? 18 + r.nextInt(14) : 8 + r.nextInt(10), variant);
      }
      case CT_SCAN: {
        String kind = variant % 2 == 0 ? "liver lesion" : "renal cyst";
        return new Finding(d, kind, side, kind.equals("liver lesion") ? "liver" : "kidney",
            12 + r.nextInt(20), variant);
      }
      case HISTOLOGY: {
        String kind = List.of("infiltrate", "atypical glands", "necrosis").get(variant % 3);
        return new Finding(d, kind, r.nextBoolean() ? "upper" : "lower", "tissue", 0, variant);
      }
      case GROSS:
      default: {
        String kind = variant % 2 == 0 ? "tumour" : "haemorrhage";
        return new Finding(d, kind, r.nextBoolean() ? "upper" : "lower", "kidney", 2 + r.nextInt(4),
            variant);
      }
    }
  }

  static String modality(Finding f) {
    switch (f.domain()) {
      case CHEST_XRAY:
        return "a posteroanterior chest radiograph (X-ray)";
      case MRI:
        return "an axial T2-weighted magnetic resonance (MRI) image of the brain";
      case CT_SCAN:
        return "an axial contrast-enhanced computed tomography (CT) image of the upper abdomen";
      case HISTOLOGY:
        return "a photomicrograph of a haematoxylin and eosin (H&E) stained section at x200";
      case GROSS:
      default:
        return "a photograph of a bisected nephrectomy specimen beside a centimetre ruler";
    }
  }

  static String organ(Finding f) {
    switch (f.domain()) {
      case CHEST_XRAY:
        return "the chest: both lungs, the heart and the mediastinum";
      case MRI:
        return "the brain";
      case CT_SCAN:
        return "the upper abdomen, with the liver, both kidneys, the spine and the aorta";
      case HISTOLOGY:
        return "glandular epithelial tissue with surrounding stroma";
      case GROSS:
      default:
        return "the kidney";
    }
  }

  /** The main finding as a noun phrase. */
  static String finding(Finding f) {
    switch (f.kind()) {
      case "nodule":
        return "a well-circumscribed " + f.size() + " mm nodular opacity in the " + f.side() + " "
            + f.region();
      case "effusion":
        return "blunting of the " + f.side() + " costophrenic angle with a meniscus, consistent with a "
            + f.side() + " pleural effusion";
      case "cardiomegaly":
        return "an enlarged cardiac silhouette with a cardiothoracic ratio above 0.5 (cardiomegaly)";
      case "lesion":
        return "a " + f.size() + " mm well-defined T2-hyperintense lesion in the " + f.side() + " "
            + f.region();
      case "mass":
        return "a " + f.size() + " mm rim-defined mass in the " + f.side() + " " + f.region()
            + " surrounded by hyperintense vasogenic oedema";
      case "liver lesion":
        return "a " + f.size() + " mm hypodense lesion in the " + f.side() + " lobe of the liver";
      case "renal cyst":
        return "a " + f.size() + " mm well-defined fluid-attenuation cyst in the " + f.side() + " kidney";
      case "infiltrate":
        return "a dense lymphocytic infiltrate in the " + f.side() + " half of the field";
      case "atypical glands":
        return "crowded, irregular glands lined by cells with enlarged hyperchromatic nuclei";
      case "necrosis":
        return "a central area of necrosis surrounded by viable epithelium";
      case "tumour":
        return "a " + f.size() + " cm well-circumscribed tan-yellow nodule at the " + f.side()
            + " pole of the kidney";
      case "haemorrhage":
      default:
        return "a " + f.size() + " cm dark red haemorrhagic area in the " + f.side()
            + " part of the specimen";
    }
  }

  static String caption(Finding f) {
    String text = capitalise(modality(f)) + " showing " + finding(f) + ".";
    if (f.domain() == Domain.CHEST_XRAY || f.domain() == Domain.CT_SCAN) {
      text += f.kind().equals("effusion") || f.kind().equals("cardiomegaly") ? "" : " The arrow marks the lesion.";
    }
    return text + " (Synthetic phantom drawn by code; not clinical data.)";
  }

  static List<String> mentions(Finding f, String figLabel) {
    List<String> out = new ArrayList<>();
    out.add(tokens(capitalise(shortModality(f)) + " ( " + figLabel + " ) demonstrated " + finding(f) + " ."));
    out.add(tokens("These findings were discussed with the multidisciplinary team ."));
    return out;
  }

  /** Space-separated tokens in the PMC style (punctuation as its own token). */
  static String tokens(String sentence) {
    return sentence.replace(",", " ,").replace(":", " :").replaceAll("\\s+", " ").trim();
  }

  static String shortModality(Finding f) {
    switch (f.domain()) {
      case CHEST_XRAY:
        return "chest radiography";
      case MRI:
        return "brain MRI";
      case CT_SCAN:
        return "abdominal CT";
      case HISTOLOGY:
        return "histopathological examination";
      case GROSS:
      default:
        return "gross examination of the resected kidney";
    }
  }

  /** Grounded question/answer pairs about the figure, the modality question first. */
  static List<QaPair> qa(Finding f) {
    List<QaPair> out = new ArrayList<>();
    out.add(new QaPair("What type of image is this?", "This is " + modality(f) + "."));
    out.add(new QaPair("Which organ or region is shown?", "The image shows " + organ(f) + "."));
    out.add(new QaPair("What is the main abnormality?", "The main finding is " + finding(f) + "."));
    if (f.size() > 0) {
      String unit = f.domain() == Domain.GROSS ? "cm" : "mm";
      out.add(new QaPair("How large is the abnormality?", "It measures about " + f.size() + " " + unit
          + " in its largest dimension."));
    }
    if (f.domain() == Domain.CHEST_XRAY || f.domain() == Domain.MRI || f.domain() == Domain.CT_SCAN) {
      if (!f.kind().equals("cardiomegaly")) {
        out.add(new QaPair("On which side is the abnormality?", "It is on the patient's " + f.side()
            + " side, which appears on the " + (f.side().equals("right") ? "left" : "right")
            + " of the image by radiological convention."));
      }
    } else {
      out.add(new QaPair("Where in the image is the abnormality?", "It lies in the " + f.side()
          + " part of the image."));
    }
    out.add(new QaPair("What would you recommend next?", nextStep(f)));
    return out;
  }

  private static String nextStep(Finding f) {
    switch (f.domain()) {
      case CHEST_XRAY:
        return "Correlation with prior radiographs and, if the finding is new, a CT of the chest would help characterise it.";
      case MRI:
        return "Contrast-enhanced MRI sequences and clinical correlation would help narrow the differential diagnosis.";
      case CT_SCAN:
        return "Comparison with prior imaging or a dedicated multiphase study would help characterise the lesion.";
      case HISTOLOGY:
        return "Immunohistochemistry and correlation with the clinical and radiological findings would refine the diagnosis.";
      case GROSS:
      default:
        return "Histological sampling of the lesion and the margins would establish the diagnosis and completeness of excision.";
    }
  }

  static String description(Finding f) {
    return "This is " + modality(f) + ". It shows " + organ(f) + ". The key finding is " + finding(f)
        + ". The remaining structures appear unremarkable on this synthetic image.";
  }

  /** A flawed answer of one of five kinds clinicians reject. */
  static String flawed(Finding f, QaPair qa, int kind) {
    switch (kind % 5) {
      case 0:
        return "There is some abnormality in the image that may or may not be significant.";
      case 1:
        return "Based on the caption provided, " + lowerFirst(qa.answer());
      case 2:
        return "As an AI language model, I cannot view images, so I cannot answer this question.";
      case 3:
        String other = f.side().equals("right") ? "left" : f.side().equals("left") ? "right"
            : f.side().equals("upper") ? "lower" : "upper";
        String swapped = qa.answer().replace(f.side(), other);
        return swapped.equals(qa.answer()) ? "The image is completely normal with no findings." : swapped;
      default:
        return "This appears to be " + (f.domain() == Domain.HISTOLOGY ? "a chest X-ray" : "a skin biopsy")
            + " with normal findings.";
    }
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }
}
