package org.biomedvital.cli.preference;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.cli.FailureRateOption;
import org.biomedvital.cli.FailureReport;
import org.biomedvital.cli.ModelOptions;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.selection.clinician.Agreement;
import org.biomedvital.selection.clinician.AnnotationFormat;
import org.biomedvital.selection.clinician.AnnotationTask;
import org.biomedvital.selection.clinician.ClinicianAnnotations;
import org.biomedvital.selection.clinician.JudgeAlignment;
import org.biomedvital.selection.clinician.TaskItem;
import org.biomedvital.selection.judge.HeuristicJudgeProvider;
import org.biomedvital.spi.PreferenceJudgeProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code biomed-vital clinician}: clinician annotations in and out, tasks, agreement, alignment. */
@Command(name = "clinician", mixinStandardHelpOptions = true,
    description = "Clinician annotations: import, export, annotation tasks, agreement, alignment.",
    subcommands = {ClinicianCommand.Import.class, ClinicianCommand.Export.class,
        ClinicianCommand.Task.class, ClinicianCommand.AgreementCmd.class,
        ClinicianCommand.Alignment.class})
public final class ClinicianCommand implements CliCommand, Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  /** Picocli creates it. */
  public ClinicianCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How many pairs a conversion read and how many it wrote. */
  record Converted(int read, int written) {}

  /** Reads clinician pairs from {@code in} in one format and writes them to {@code out} in another. */
  static Converted convert(AnnotationFormat from, Path in, AnnotationFormat to, Path out) {
    List<PreferencePair> pairs = ClinicianAnnotations.read(from, in);
    return new Converted(pairs.size(), ClinicianAnnotations.write(to, pairs, out));
  }

  /** {@code clinician import}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import clinician preferences into pair JSONL (vital format).")
  static final class Import implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "pairwise (official train/test JSON), accept-reject (CSV sheet or the "
            + "page's JSON) or vital.")
    String format;

    @Option(names = "--in", required = true, paramLabel = "FILE",
        description = "The clinicians' annotations in --format.") Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Clinician pairs to write (prefs.jsonl, vital format; appended).")
    Path out;

    @Override
    public Integer call() {
      AnnotationFormat f = AnnotationFormat.parse(format);
      Converted c = convert(f, in, AnnotationFormat.VITAL, out);
      spec.commandLine().getOut().println("imported " + c.read() + " clinician pairs from "
          + in + " (" + f.wireName() + "); " + c.written() + " new in " + out);
      return 0;
    }
  }

  /** {@code clinician export}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export clinician pairs (vital JSONL) to another format.")
  static final class Export implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "pairwise, accept-reject (.csv sheet or .json page format) or vital.")
    String format;

    @Option(names = "--in", required = true, paramLabel = "FILE",
        description = "Clinician pairs (prefs.jsonl, vital format).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "The file to write in --format.") Path out;

    @Override
    public Integer call() {
      AnnotationFormat f = AnnotationFormat.parse(format);
      Converted c = convert(AnnotationFormat.VITAL, in, f, out);
      spec.commandLine().getOut().println("exported " + c.written() + " of " + c.read()
          + " pairs to " + out + " (" + f.wireName() + ")");
      return 0;
    }
  }

  /** {@code clinician task}. */
  @Command(name = "task", mixinStandardHelpOptions = true,
      description = "Write an annotation task (task.csv and a self-contained task.html).")
  static final class Task implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--candidates", required = true, paramLabel = "FILE",
        description = "Candidates to annotate (candidates.jsonl).") Path candidates;

    @Option(names = "--images", paramLabel = "DIR",
        description = "Image folder; images are embedded in the page (default: no images).")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder for task.csv and task.html.") Path out;

    @Option(names = "--max-items", defaultValue = "200", paramLabel = "N",
        description = "Most items (default: ${DEFAULT-VALUE}).") int maxItems;

    @Option(names = "--task-id", paramLabel = "ID",
        description = "Recorded in the saved JSON (default: the --out folder's name).")
    String taskId;

    @Override
    public Integer call() {
      List<TaskItem> items = AnnotationTask.items(candidates, maxItems);
      if (items.isEmpty()) {
        throw new org.biomedvital.InvalidDataException(candidates + ": no question has two "
            + "answers (two candidates of a figure asking the same question, or 'Answer 1:' / "
            + "'Answer 2:' replies); nothing to annotate");
      }
      String id = taskId != null ? taskId : out.toAbsolutePath().getFileName().toString();
      AnnotationTask.Written w = AnnotationTask.write(items,
          images == null ? null : ImageRoot.of(images), out, id);
      spec.commandLine().getOut().println(w.items() + " items: " + w.csv() + ", " + w.html());
      return 0;
    }
  }

  /** {@code clinician agreement}. */
  @Command(name = "agreement", mixinStandardHelpOptions = true,
      description = "Inter-annotator agreement (Cohen's kappa, Krippendorff's alpha) and counts.")
  static final class AgreementCmd implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE",
        description = "Clinician pairs with annotator ids (prefs.jsonl).")
    Path in;

    @Option(names = "--json", description = "Print one JSON object instead of text.") boolean json;

    @Override
    public Integer call() {
      Agreement.Report r = Agreement.of(ClinicianAnnotations.read(AnnotationFormat.VITAL, in));
      java.io.PrintWriter w = spec.commandLine().getOut();
      w.print(json ? r.toJson() + "\n" : r.describe());
      w.flush();
      return 0;
    }
  }

  /** {@code clinician alignment}. */
  @Command(name = "alignment", mixinStandardHelpOptions = true,
      description = {"How often a judge prefers the clinicians' choice (with a 95%% Wilson"
          + " interval).", "Offline by default (heuristic); name a model provider with --provider"
          + " to measure a vision LLM."})
  static final class Alignment implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE",
        description = "Clinician pairs (prefs.jsonl, as 'clinician import' writes).")
    Path in;

    @Option(names = "--mode", defaultValue = "pointwise", paramLabel = "MODE",
        description = "pointwise or pairwise (default: ${DEFAULT-VALUE}).") String mode;

    @Mixin ModelOptions model = new ModelOptions(HeuristicJudgeProvider.NAME);

    @Mixin RubricOptions rubric;

    @Mixin FailureRateOption failureRate;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      boolean pairwise = mode.equalsIgnoreCase("pairwise");
      if (!pairwise && !mode.equalsIgnoreCase("pointwise")) {
        throw new CommandLine.ParameterException(cl,
            "--mode must be pointwise or pairwise but was '" + mode + "'");
      }
      model.check(PreferenceJudgeProvider.class, cl.getErr());
      List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.VITAL, in);
      FailureReport failures = new FailureReport();
      java.util.function.Function<org.biomedvital.data.InstructionSample,
          org.biomedvital.data.ImageRef> noImage = s -> null;
      JudgeAlignment.Report r = pairwise
          ? JudgeAlignment.pairwise(rubric.pairwise(model, failures), pairs, noImage)
          : JudgeAlignment.pointwise(rubric.pointwise(model, failures), pairs, noImage);
      cl.getOut().println(r.describe());
      cl.getOut().flush();
      return failures.finish(cl.getErr(), "pairs", r.pairs() + r.failed(), r.failed(),
          failureRate.budget(), null);
    }
  }
}
