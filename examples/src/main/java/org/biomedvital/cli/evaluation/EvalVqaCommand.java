package org.biomedvital.cli.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.vqa.VqaEvaluator;
import org.biomedvital.evaluation.vqa.VqaFiles;
import org.biomedvital.evaluation.vqa.VqaQuestion;
import org.biomedvital.evaluation.vqa.VqaScores;
import org.biomedvital.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code biomed-vital eval vqa}: VQA metrics of an answer file. */
@Command(name = "vqa", mixinStandardHelpOptions = true,
    description = "Score VQA answers (VQA-RAD, SLAKE, PathVQA in the LLaVA-Med format).")
final class EvalVqaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--questions", required = true, paramLabel = "FILE",
      description = "Test set: LLaVA-Med test.json (array) or JSONL.")
  Path questions;

  @Option(names = "--answers", required = true, paramLabel = "FILE",
      description = "Answer JSONL with question_id and text.")
  Path answers;

  @Option(names = "--mode", defaultValue = "both", paramLabel = "compat|corrected|both",
      description = "Metric rules (default: ${DEFAULT-VALUE}).")
  ModeChoice mode;

  @Option(names = "--json", description = "Print one JSON object (percentages, full precision).")
  boolean json;

  @Override
  public void run() {
    List<VqaQuestion> qs = VqaFiles.readQuestions(questions);
    List<ModelAnswer> as = AnswerFiles.read(answers);
    List<VqaScores> results = new ArrayList<>();
    for (EvaluationMode m : mode.modes()) {
      results.add(VqaEvaluator.evaluate(qs, as, m, questions.toString(), answers.toString()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("questions", qs.size());
      results.forEach(s -> n.set(EvalOutput.name(s.mode()), EvalOutput.vqa(s)));
      out.println(EvalOutput.pretty(n));
    } else {
      out.print(table(results));
    }
    out.flush();
  }

  private static String table(List<VqaScores> results) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s", "metric (%)"));
    results.forEach(s -> sb.append(String.format(Locale.ROOT, " %10s", EvalOutput.name(s.mode()))));
    sb.append('\n');
    boolean compat = results.stream().anyMatch(s -> s.mode() == EvaluationMode.COMPAT);
    for (EvalOutput.VqaMetric m : EvalOutput.VQA_METRICS) {
      if (!m.compatOnly() || compat) {
        row(sb, m.label(), results, m.value());
      }
    }
    VqaScores first = results.get(0);
    sb.append(String.format(Locale.ROOT, "open %d, closed %d, ignored %d", first.openCount(),
        first.closedCount(), first.ignoredCount()));
    results.forEach(s -> sb.append(String.format(Locale.ROOT, "; %s closed scored %d",
        EvalOutput.name(s.mode()), s.closedScored())));
    return sb.append('\n').toString();
  }

  private static void row(StringBuilder sb, String name, List<VqaScores> results,
      java.util.function.ToDoubleFunction<VqaScores> f) {
    sb.append(String.format(Locale.ROOT, "%-22s", name));
    results.forEach(s -> sb.append(String.format(Locale.ROOT, " %10s",
        EvalOutput.fixed(f.applyAsDouble(s) * 100))));
    sb.append('\n');
  }
}
