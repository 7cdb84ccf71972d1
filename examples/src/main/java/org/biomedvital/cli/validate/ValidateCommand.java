package org.biomedvital.cli.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.cli.CliCommand;
import org.biomedvital.cli.ExitCode;
import org.biomedvital.format.FileKind;
import org.biomedvital.format.Problem;
import org.biomedvital.format.Validation;
import org.biomedvital.format.ValidationReport;
import org.biomedvital.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code biomed-vital validate FILE}: reads a data file of any supported kind leniently and reports
 * its record count, turns, domain mix and every problem with its line number.
 *
 * <p>Exit codes: 0 when the file has no errors (warnings allowed), 1 when it has errors, 2 for bad
 * arguments (unknown kind, missing file, no file given).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a LLaVA-Med / BioMed-VITAL data file: record count, turns, domain mix and every "
          + "problem with its line number.",
      "Exit code 0: no errors; 1: errors; 2: bad arguments."
    })
public final class ValidateCommand implements CliCommand, Callable<Integer> {
  /** The classpath resource of the bundled synthetic sample. */
  public static final String SAMPLE_RESOURCE = "/samples/sample-instructions.json";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
      description = "The file to check (JSON array, JSON lines or a domain-keyed object).")
  Path file;

  @Option(names = "--kind", defaultValue = "auto", paramLabel = "KIND",
      description = "auto (default), llava-instructions, pmc-figures, demonstrations, qa50, vqa, "
          + "answers, reviews or samples.")
  String kind;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--sample",
      description = "Check the bundled synthetic sample instruction file (no FILE needed).")
  boolean sample;

  /** Creates the command (picocli fills the fields). */
  public ValidateCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (sample == (file != null)) {
      return usage(err, "give either FILE or --sample");
    }
    FileKind fileKind = null;
    if (!kind.equalsIgnoreCase("auto")) {
      fileKind = FileKind.fromName(kind).orElse(null);
      if (fileKind == null) {
        return usage(err, "unknown --kind '" + kind + "'; use auto or one of "
            + Arrays.stream(FileKind.values()).map(FileKind::cliName).collect(Collectors.joining(", ")));
      }
    }
    Path target = sample ? extractSample() : file;
    if (!sample && Files.isDirectory(target)) {
      return usage(err, target + " is a directory; give one data file in it (validate"
          + " checks a single file)");
    }
    if (!sample && !Files.isRegularFile(target)) {
      return usage(err, target + ": no such file; check the path");
    }
    ValidationReport report;
    try {
      report = fileKind == null ? Validation.validate(target) : Validation.validate(target, fileKind);
    } catch (InvalidDataException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } finally {
      if (sample) {
        deleteQuietly(target);
      }
    }
    String shownName = sample ? "sample-instructions.json (bundled)" : target.toString();
    if (json) {
      out.println(toJson(report, shownName));
    } else {
      printText(out, report, shownName);
    }
    return report.ok() ? 0 : 1;
  }

  private static int usage(PrintWriter err, String message) {
    err.println("error: " + message);
    err.println("Try 'biomed-vital validate --help' for the options.");
    return ExitCode.USAGE;
  }

  private static void printText(PrintWriter out, ValidationReport r, String name) {
    out.println(name + ": " + r.kind().cliName() + ", "
        + r.layout().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    out.println("records: " + r.records());
    if (!r.turnsPerRecord().isEmpty()) {
      out.println("turns: " + r.turns() + " (" + String.format(Locale.ROOT, "%.2f",
          r.records() == 0 ? 0.0 : (double) r.turns() / r.records()) + " per record; "
          + r.turnsPerRecord().entrySet().stream()
              .map(e -> e.getValue() + " with " + e.getKey() + " turns")
              .collect(Collectors.joining(", ")) + ")");
    }
    if (r.domains().values().stream().anyMatch(v -> v > 0)) {
      out.println("domains: " + r.domains().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }
    out.println("problems: " + r.errors() + (r.errors() == 1 ? " error, " : " errors, ")
        + r.warnings() + (r.warnings() == 1 ? " warning" : " warnings"));
    for (Problem p : r.problems()) {
      out.println("  " + p);
    }
    long hidden = r.errors() + r.warnings() - r.problems().size();
    if (hidden > 0) {
      out.println("  ... and " + hidden + " more");
    }
    out.println(r.ok() ? "OK" : "INVALID");
  }

  static String toJson(ValidationReport r, String name) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("file", name);
    o.put("kind", r.kind().cliName());
    o.put("layout", r.layout().name().toLowerCase(Locale.ROOT));
    o.put("records", r.records());
    o.put("turns", r.turns());
    ObjectNode perRecord = o.putObject("turns_per_record");
    r.turnsPerRecord().forEach((k, v) -> perRecord.put(Integer.toString(k), v));
    ObjectNode domains = o.putObject("domains");
    for (Map.Entry<String, Long> e : r.domains().entrySet()) {
      domains.put(e.getKey(), e.getValue());
    }
    o.put("errors", r.errors());
    o.put("warnings", r.warnings());
    o.put("ok", r.ok());
    ArrayNode problems = o.putArray("problems");
    for (Problem p : r.problems()) {
      problems.addObject()
          .put("line", p.line())
          .put("field", p.field())
          .put("severity", p.severity().name().toLowerCase(Locale.ROOT))
          .put("message", p.message());
    }
    o.put("problems_truncated", r.errors() + r.warnings() > r.problems().size());
    try {
      return Json.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static Path extractSample() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir", "."));
    try (InputStream in = ValidateCommand.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled sample " + SAMPLE_RESOURCE
            + " is missing from the class path; rebuild the examples module");
      }
      tmp = Files.createTempFile("sample-instructions", ".json");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      throw new VitalIoException(tmp, "cannot extract the bundled sample into " + tmp + ": "
          + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A left-over temporary copy of the sample is harmless.
    }
  }
}
