package org.biomedvital.model;

/** What shape of reply to ask the model for. */
public enum ResponseFormat {
  /** Free text. */
  TEXT,
  /** A JSON object (providers that support it enforce it; others are asked in the prompt). */
  JSON_OBJECT
}
