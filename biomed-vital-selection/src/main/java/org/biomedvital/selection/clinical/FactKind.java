package org.biomedvital.selection.clinical;

import java.util.Locale;

/** The kinds of clinical fact an answer and its figure's text can agree or disagree on. */
public enum FactKind {
  /** Imaging modality, MRI sequence, stain. */
  MODALITY,
  /** Side of the body. */
  LATERALITY,
  /** Anatomical plane or radiographic view. */
  PLANE,
  /** Anatomy named (agreement only: naming other anatomy is not a contradiction). */
  ANATOMY,
  /** A finding stated present in one text and absent in the other. */
  NEGATION,
  /** Sizes and other measurements with units. */
  MEASUREMENT,
  /** Counted findings ("two lesions"). */
  COUNT,
  /** Direction words on one axis (enlarged/reduced, increased/decreased, hyper/hypointense). */
  DIRECTION;

  /** The lower-case name used in rationales, documents and feature names. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
