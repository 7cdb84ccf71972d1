package org.biomedvital.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biomedvital.pipeline.EvaluationTable;

/**
 * Everything the run report shows, as plain values: build it by hand (tests) or from a run folder
 * with {@link RunReader#read}.
 *
 * @param title the page title
 * @param generated when the report was made (ISO-8601)
 * @param stages one row per pipeline stage, in run order
 * @param poolDomains candidates per domain before selection
 * @param selectedDomains candidates per domain after selection
 * @param scores every candidate's score
 * @param cutScore the lowest selected score (the selection cut), NaN when unknown
 * @param sweep clinician alignment per human weight, empty when no sweep ran
 * @param scorerLoss the scorer's training loss per epoch
 * @param tuningLoss the tuning loss per step
 * @param evaluation the evaluation tables
 * @param lineage inputs and outputs with their hashes
 * @param facts other key facts for the lineage section (settings, versions, prompt templates)
 */
public record ReportData(
    String title,
    String generated,
    List<StageRow> stages,
    Map<String, Long> poolDomains,
    Map<String, Long> selectedDomains,
    List<Double> scores,
    double cutScore,
    List<SweepPoint> sweep,
    List<LossPoint> scorerLoss,
    List<LossPoint> tuningLoss,
    List<EvaluationTable> evaluation,
    List<LineageRow> lineage,
    Map<String, String> facts) {

  /** Validates and copies. */
  public ReportData {
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(generated, "generated == null");
    stages = List.copyOf(stages);
    poolDomains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(poolDomains));
    selectedDomains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(selectedDomains));
    scores = List.copyOf(scores);
    sweep = List.copyOf(sweep);
    scorerLoss = List.copyOf(scorerLoss);
    tuningLoss = List.copyOf(tuningLoss);
    evaluation = List.copyOf(evaluation);
    lineage = List.copyOf(lineage);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /**
   * One stage of the run.
   *
   * @param name the stage
   * @param status completed, provided, skipped, failed, running or pending
   * @param seconds how long it ran
   * @param counts its named counts
   * @param spendUsd what it spent
   * @param error the failure message, empty when none
   */
  public record StageRow(
      String name, String status, double seconds, Map<String, Long> counts, double spendUsd,
      String error) {
    /** Copies. */
    public StageRow {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(status, "status == null");
      counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
      Objects.requireNonNull(error, "error == null");
    }
  }

  /**
   * One point of the human-weight sweep.
   *
   * @param humanWeight the clinician pairs' weight w
   * @param clinicianAlignment how often the scorer agrees with clinicians, in [0, 1]
   * @param modelPairAccuracy accuracy on held-out model pairs, in [0, 1], NaN if unknown
   */
  public record SweepPoint(double humanWeight, double clinicianAlignment, double modelPairAccuracy) {}

  /**
   * One point of a loss curve.
   *
   * @param x the epoch or step
   * @param loss the loss
   */
  public record LossPoint(double x, double loss) {}

  /**
   * One file of the lineage.
   *
   * @param stage the stage that wrote it, or {@code input}
   * @param name its logical name
   * @param path where it is
   * @param sha256 its fingerprint
   */
  public record LineageRow(String stage, String name, String path, String sha256) {}
}
