package org.biomedvital.format;

/** What a reader does with a malformed record. */
public enum ReadMode {
  /** Throw {@link org.biomedvital.InvalidDataException} at the first malformed record. */
  STRICT,
  /** Record a {@link Problem}, skip the record and go on. */
  LENIENT
}
