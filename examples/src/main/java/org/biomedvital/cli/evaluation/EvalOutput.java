package org.biomedvital.cli.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.chat.ChatSummary;
import org.biomedvital.evaluation.chat.GroupScore;
import org.biomedvital.evaluation.vqa.VqaScores;
import org.biomedvital.evaluation.winrate.Interval;
import org.biomedvital.evaluation.winrate.WinRateReport;
import org.biomedvital.internal.Json;

/** JSON and text renderings of evaluation results. Rates are printed as percentages. */
final class EvalOutput {
  private EvalOutput() {}

  static String name(EvaluationMode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  /** Puts {@code fraction * 100} at full precision, or null when it is not a number. */
  static void putPercent(ObjectNode n, String field, double fraction) {
    putNumber(n, field, fraction * 100);
  }

  static void putNumber(ObjectNode n, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }

  static String pretty(ObjectNode n) {
    try {
      return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String fixed(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * One VQA rate as the JSON ({@code field}) and the table ({@link #label}) show it.
   *
   * @param field the JSON field
   * @param value the rate, a fraction
   * @param compatOnly whether only the compat rules compute it
   */
  record VqaMetric(String field, ToDoubleFunction<VqaScores> value, boolean compatOnly) {
    /** The table's row label: the field with spaces. */
    String label() {
      return field.replace('_', ' ');
    }
  }

  /** The VQA rates, in the order the JSON and the table show them. */
  static final List<VqaMetric> VQA_METRICS = List.of(
      new VqaMetric("closed_accuracy", VqaScores::closedAccuracy, false),
      new VqaMetric("closed_accuracy_batch", VqaScores::closedAccuracyBatch, true),
      new VqaMetric("open_recall", VqaScores::openRecall, false),
      new VqaMetric("open_accuracy", VqaScores::openAccuracy, false),
      new VqaMetric("exact_match", VqaScores::exactMatch, false),
      new VqaMetric("f1", VqaScores::f1, false),
      new VqaMetric("precision", VqaScores::precision, false),
      new VqaMetric("bleu", VqaScores::bleu, false),
      new VqaMetric("bleu1", VqaScores::bleu1, false),
      new VqaMetric("bleu2", VqaScores::bleu2, false),
      new VqaMetric("bleu3", VqaScores::bleu3, false));

  static ObjectNode vqa(VqaScores s) {
    ObjectNode n = Json.mapper().createObjectNode();
    for (VqaMetric m : VQA_METRICS) {
      if (!m.compatOnly() || s.mode() == EvaluationMode.COMPAT) {
        putPercent(n, m.field(), m.value().applyAsDouble(s));
      }
    }
    n.put("open_count", s.openCount());
    n.put("closed_count", s.closedCount());
    n.put("closed_scored", s.closedScored());
    n.put("ignored_count", s.ignoredCount());
    return n;
  }

  static ObjectNode group(GroupScore g) {
    ObjectNode n = Json.mapper().createObjectNode();
    putNumber(n, "relative_score", g.relativeScore());
    putNumber(n, "reference_score", g.referenceScore());
    putNumber(n, "model_score", g.modelScore());
    n.put("count", g.count());
    return n;
  }

  static ObjectNode chat(ChatSummary s) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("mode", name(s.mode()));
    ObjectNode types = n.putObject("by_type");
    s.byType().forEach((k, v) -> types.set(k, group(v)));
    ObjectNode domains = n.putObject("by_domain");
    s.byDomain().forEach((k, v) -> domains.set(k, group(v)));
    n.set("overall", group(s.overall()));
    var excluded = n.putArray("excluded");
    s.excluded().forEach(e -> excluded.addObject().put("question_id", e.questionId())
        .put("reason", e.reason()));
    return n;
  }

  /** The LLaVA-Med table: one column per type, domain and overall. */
  static String chatTable(ChatSummary s) {
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-16s", name(s.mode())));
    StringBuilder rel = new StringBuilder(String.format(Locale.ROOT, "%-16s", "relative score"));
    StringBuilder ref = new StringBuilder(String.format(Locale.ROOT, "%-16s", "reference score"));
    StringBuilder mod = new StringBuilder(String.format(Locale.ROOT, "%-16s", "model score"));
    StringBuilder cnt = new StringBuilder(String.format(Locale.ROOT, "%-16s", "count"));
    java.util.Map<String, GroupScore> cols = new java.util.LinkedHashMap<>(s.byType());
    s.byDomain().forEach(cols::put);
    cols.put("overall", s.overall());
    cols.forEach((k, g) -> {
      String label = k.equals("detailed_description") ? "description" : k;
      head.append(String.format(Locale.ROOT, " %12s", label));
      rel.append(String.format(Locale.ROOT, " %12s", fixed(g.relativeScore())));
      ref.append(String.format(Locale.ROOT, " %12s", fixed(g.referenceScore())));
      mod.append(String.format(Locale.ROOT, " %12s", fixed(g.modelScore())));
      cnt.append(String.format(Locale.ROOT, " %12d", g.count()));
    });
    StringBuilder sb = new StringBuilder();
    sb.append(head).append('\n').append(rel).append('\n').append(ref).append('\n').append(mod)
        .append('\n').append(cnt).append('\n');
    if (!s.excluded().isEmpty()) {
      sb.append(s.excluded().size()).append(" review(s) excluded:\n");
      s.excluded().forEach(e -> sb.append("  question ").append(e.questionId()).append(": ")
          .append(e.reason()).append('\n'));
    }
    return sb.toString();
  }

  static ObjectNode winRate(WinRateReport r) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("wins", r.wins());
    n.put("losses", r.losses());
    n.put("ties", r.ties());
    n.put("inconsistent", r.inconsistent());
    var unparseable = n.putArray("unparseable");
    r.unparseable().forEach(unparseable::add);
    putPercent(n, "win_rate", r.winRate());
    interval(n, "win_rate_ci95", r.winRateInterval());
    putPercent(n, "win_rate_excluding_ties", r.winRateExcludingTies());
    interval(n, "win_rate_excluding_ties_ci95", r.winRateExcludingTiesInterval());
    n.putObject("official_script").put("win1", r.officialWin1()).put("win2", r.officialWin2())
        .put("tie", r.officialTie());
    return n;
  }

  private static void interval(ObjectNode n, String field, Interval i) {
    var a = n.putArray(field);
    if (Double.isNaN(i.low())) {
      a.addNull();
      a.addNull();
    } else {
      a.add(i.low() * 100);
      a.add(i.high() * 100);
    }
  }
}
