package org.biomedvital.format;

/**
 * What a reader of records keyed by id does with a second record of an id it has seen: training
 * data must hold each sample once, so the default everywhere is {@link #REFUSE}.
 */
public enum DuplicatePolicy {
  /** Fail, naming the id and both lines. */
  REFUSE,
  /** Keep the first record of each id and drop later copies, each with a logged warning. */
  DROP_LATER
}
