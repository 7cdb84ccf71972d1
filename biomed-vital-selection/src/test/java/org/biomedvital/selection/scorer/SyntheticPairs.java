package org.biomedvital.selection.scorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;

/** Preference pairs where good answers are specific and bad ones are refusals or off topic. */
final class SyntheticPairs {
  private static final String[] FINDINGS = {"a nodule in the right upper lobe", "a fracture of the distal radius",
      "an enlarged cardiac silhouette", "a hyperintense lesion in the left temporal lobe",
      "fibrotic stroma with lymphocytes", "a mass compressing the ventricle", "free fluid in the pelvis",
      "a well-defined cyst in the liver"};
  private static final String[] BAD = {"I am sorry, I cannot view images.", "Based on the caption provided, it is unclear.",
      "The image is an image.", "Please consult a doctor for more information."};

  private SyntheticPairs() {}

  static InstructionSample good(int i, Random r) {
    String f = FINDINGS[r.nextInt(FINDINGS.length)];
    return sample("g" + i, "What does the image show?", "The scan shows " + f + ", consistent with the clinical history.");
  }

  static InstructionSample bad(int i, Random r) {
    return sample("b" + i, "What does the image show?", BAD[r.nextInt(BAD.length)]);
  }

  static InstructionSample sample(String id, String q, String a) {
    return InstructionSample.builder().id(id).image(id + ".jpg").domains(Set.of(Domain.CT_SCAN))
        .caption("CT scan of the patient").conversation(Conversation.of(q, a)).build();
  }

  static PreferenceDataset dataset(int train, int validation, long seed) {
    return dataset(train, validation, seed, 0);
  }

  /** As {@link #dataset(int, int, long)} with a fraction of training pairs flipped (label noise). */
  static PreferenceDataset dataset(int train, int validation, long seed, double noise) {
    Random r = new Random(seed);
    List<PreferencePair> t = new ArrayList<>();
    List<PreferencePair> v = new ArrayList<>();
    for (int i = 0; i < train + validation; i++) {
      PreferenceSource source = i % 3 == 0 ? PreferenceSource.CLINICIAN : PreferenceSource.MODEL;
      boolean flip = i < train && r.nextDouble() < noise;
      InstructionSample g = good(i, r);
      InstructionSample b = bad(i, r);
      PreferencePair p = PreferencePair.of("p" + i, flip ? b : g, flip ? g : b, source)
          .withWeight(source == PreferenceSource.CLINICIAN ? 10 : 1);
      (i < train ? t : v).add(p);
    }
    return new PreferenceDataset(t, v);
  }
}
