package org.biomedvital.data;

/** Who stated a preference. */
public enum PreferenceSource {
  /** A clinician annotator (R_human in the paper). */
  CLINICIAN,
  /** A model judge under the clinician rubric (R_model in the paper). */
  MODEL
}
