package org.biomedvital.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.chat.ChatSummary;
import org.biomedvital.evaluation.chat.GroupScore;
import org.biomedvital.evaluation.vqa.VqaScores;
import org.biomedvital.evaluation.winrate.WinRateReport;
import org.biomedvital.pipeline.EvaluationTable;

/**
 * Turns evaluation results into {@link EvaluationTable}s for the run report (written by the
 * evaluate stage with {@link org.biomedvital.pipeline.EvaluationTables#write}). Numbers are shown
 * with two decimals, as in the published tables; "-" where there is nothing to show.
 */
public final class ReportTables {
  private ReportTables() {}

  /**
   * The open visual chat table in LLaVA-Med's layout: one column per question type, domain (by
   * label: CXR, MRI, Histology, Gross, CT) and overall; rows relative score, reference score,
   * model score, count.
   */
  public static EvaluationTable chat(String title, ChatSummary s) {
    Map<String, GroupScore> cols = new LinkedHashMap<>();
    s.byType().forEach((k, v) -> cols.put(k.equals("detailed_description") ? "Desc" : k.equals(
        "conversation") ? "Conv" : k, v));
    s.byDomain().forEach((k, v) -> cols.put(Domain.fromWireName(k).map(Domain::label).orElse(k), v));
    cols.put("Overall", s.overall());
    List<String> columns = new ArrayList<>();
    columns.add(mode(s.mode()));
    columns.addAll(cols.keySet());
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("relative score", cols, GroupScore::relativeScore));
    rows.add(row("reference score", cols, GroupScore::referenceScore));
    rows.add(row("model score", cols, GroupScore::modelScore));
    List<String> count = new ArrayList<>();
    count.add("count");
    cols.values().forEach(g -> count.add(Integer.toString(g.count())));
    rows.add(count);
    return new EvaluationTable(title, columns, rows);
  }

  /** The VQA metrics, one column per mode, as percentages. */
  public static EvaluationTable vqa(String title, List<VqaScores> scores) {
    List<String> columns = new ArrayList<>();
    columns.add("metric (%)");
    scores.forEach(s -> columns.add(mode(s.mode())));
    List<List<String>> rows = new ArrayList<>();
    rows.add(vqaRow("closed accuracy", scores, VqaScores::closedAccuracy));
    rows.add(vqaRow("open recall", scores, VqaScores::openRecall));
    rows.add(vqaRow("exact match", scores, VqaScores::exactMatch));
    rows.add(vqaRow("F1", scores, VqaScores::f1));
    rows.add(vqaRow("precision", scores, VqaScores::precision));
    rows.add(vqaRow("BLEU-1", scores, VqaScores::bleu1));
    rows.add(vqaRow("BLEU-2", scores, VqaScores::bleu2));
    rows.add(vqaRow("BLEU-3", scores, VqaScores::bleu3));
    return new EvaluationTable(title, columns, rows);
  }

  /** The win-rate figures of model A against model B. */
  public static EvaluationTable winRate(String title, WinRateReport r) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("wins / losses / ties", r.wins() + " / " + r.losses() + " / " + r.ties()));
    rows.add(List.of("win rate, ties as half (%)", fixed(r.winRate() * 100) + " ["
        + fixed(r.winRateInterval().low() * 100) + ", " + fixed(r.winRateInterval().high() * 100)
        + "]"));
    rows.add(List.of("win rate excluding ties (%)", fixed(r.winRateExcludingTies() * 100) + " ["
        + fixed(r.winRateExcludingTiesInterval().low() * 100) + ", "
        + fixed(r.winRateExcludingTiesInterval().high() * 100) + "]"));
    rows.add(List.of("unparseable verdicts", Integer.toString(r.unparseable().size())));
    return new EvaluationTable(title, List.of("figure", "value (95% Wilson interval)"), rows);
  }

  private static List<String> row(String name, Map<String, GroupScore> cols,
      ToDoubleFunction<GroupScore> f) {
    List<String> row = new ArrayList<>();
    row.add(name);
    cols.values().forEach(g -> row.add(fixed(f.applyAsDouble(g))));
    return row;
  }

  private static List<String> vqaRow(String name, List<VqaScores> scores,
      ToDoubleFunction<VqaScores> f) {
    List<String> row = new ArrayList<>();
    row.add(name);
    scores.forEach(s -> row.add(fixed(f.applyAsDouble(s) * 100)));
    return row;
  }

  private static String mode(EvaluationMode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
