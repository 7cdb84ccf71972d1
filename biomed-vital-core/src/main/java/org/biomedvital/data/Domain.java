package org.biomedvital.data;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The five imaging domains of the LLaVA-Med / BioMed-VITAL figure pool, with their wire names. */
public enum Domain {
  CHEST_XRAY("chest_xray", "CXR"),
  MRI("mri", "MRI"),
  CT_SCAN("ct_scan", "CT"),
  HISTOLOGY("histology", "Histology"),
  GROSS("gross", "Gross");

  /**
   * The order of the flags in the data files and of the generator's per-domain demonstration groups
   * (chest_xray, mri, ct_scan, histology, gross).
   */
  public static final List<Domain> WIRE_ORDER = List.of(CHEST_XRAY, MRI, CT_SCAN, HISTOLOGY, GROSS);

  /**
   * The order in which LLaVA-Med's evaluation assigns a question to its first true domain flag
   * (chest_xray, mri, histology, gross, ct_scan).
   */
  public static final List<Domain> EVALUATION_ORDER =
      List.of(CHEST_XRAY, MRI, HISTOLOGY, GROSS, CT_SCAN);

  private final String wireName;
  private final String label;

  Domain(String wireName, String label) {
    this.wireName = wireName;
    this.label = label;
  }

  /** The key used in the JSON {@code domain} object, e.g. {@code chest_xray}. */
  public String wireName() {
    return wireName;
  }

  /** The short label of published tables, e.g. {@code CXR}. */
  public String label() {
    return label;
  }

  /** The domain with this wire name, e.g. {@code ct_scan}; empty when there is none. */
  public static Optional<Domain> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Domain d : values()) {
      if (d.wireName.equals(n) || d.name().toLowerCase(Locale.ROOT).equals(n)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The first domain of {@code order} that {@code flags} holds; empty when none does. */
  public static Optional<Domain> firstOf(Set<Domain> flags, List<Domain> order) {
    for (Domain d : order) {
      if (flags.contains(d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** An immutable, ordered (enum order) copy of the given domains. */
  public static Set<Domain> setOf(Collection<Domain> domains) {
    if (domains.isEmpty()) {
      return Collections.emptySet();
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(domains));
  }
}
