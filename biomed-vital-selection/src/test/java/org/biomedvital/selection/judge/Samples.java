package org.biomedvital.selection.judge;

import java.util.List;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;

/** Hand-written candidate samples for judge tests. */
final class Samples {
  static final String CAPTION =
      "Axial contrast-enhanced CT shows a hypodense hepatic lesion with peripheral enhancement "
          + "consistent with abscess in the right lobe of the liver.";

  private Samples() {}

  static InstructionSample sample(String id, String... turns) {
    return InstructionSample.builder()
        .id(id)
        .image("12345_F1.jpg")
        .domains(Set.of(Domain.CT_SCAN))
        .caption(CAPTION)
        .mentions(List.of("The abscess was drained percutaneously."))
        .conversation(Conversation.of(turns))
        .build();
  }

  static InstructionSample grounded(String id) {
    return sample(id,
        "What abnormality is visible in the liver?",
        "There is a hypodense lesion in the right lobe of the liver with peripheral enhancement, "
            + "a pattern typical of a hepatic abscess on contrast-enhanced CT.",
        "How might this lesion be treated?",
        "A hepatic abscess of this size is commonly drained percutaneously under imaging "
            + "guidance, together with antibiotics chosen for the likely organisms.");
  }

  static InstructionSample leaky(String id) {
    return sample(id,
        "What abnormality is visible in the liver?",
        "According to the text, the caption says there is a lesion in the liver, an abscess "
            + "as mentioned in the context provided with the figure.",
        "What abnormality is visible in the liver here?",
        "The context provided indicates an abscess in the liver, as the caption says clearly.");
  }

  static InstructionSample refusing(String id) {
    return sample(id,
        "What abnormality is visible in the liver?",
        "I'm sorry, as an AI I cannot see the image, so I cannot describe the liver.");
  }
}
