package org.biomedvital.format;

import java.util.ArrayList;

/** A list of problems that keeps the first {@code limit} and counts every one. Package-private. */
final class ProblemList extends ArrayList<Problem> {
  private static final long serialVersionUID = 1L;

  private final int limit;
  private long errors;
  private long warnings;

  ProblemList(int limit) {
    this.limit = limit;
  }

  @Override
  public boolean add(Problem p) {
    if (p.isError()) {
      errors++;
    } else {
      warnings++;
    }
    return size() < limit && super.add(p);
  }

  long errors() {
    return errors;
  }

  long warnings() {
    return warnings;
  }
}
