package org.biomedvital.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biomedvital.cli.CliProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help}: printed without a picocli warning, every option explained. */
final class CliHelpTest {
  /** Commands other helpers own; they keep their own placeholders. */
  static final Set<String> NOT_OURS = Set.of("tune", "run", "demo");

  @TempDir Path dir;

  @Test
  void everyHelpPrintsWithoutAWarningAndExitsZero() {
    List<List<String>> paths = HelpEveryCommand.paths(Main.commandLine(), new ArrayList<>());

    Result r = CliProcess.runMain(dir, Map.of(), HelpEveryCommand.class.getName());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    assertThat(paths).hasSizeGreaterThan(20);
    for (List<String> p : paths) {
      assertThat(r.out()).as(String.join(" ", p))
          .contains("=== " + String.join(" ", p) + " exit 0");
    }
    assertThat(r.out()).doesNotContain("WARN").doesNotContain("%n");
  }

  @Test
  void everyOptionHasHelpTextAndEveryValueAPlaceholder() {
    List<String> problems = new ArrayList<>();
    for (List<String> p : HelpEveryCommand.paths(Main.commandLine(), new ArrayList<>())) {
      CommandLine cl = Main.commandLine();
      for (String name : p) {
        cl = cl.getSubcommands().get(name);
      }
      CommandSpec spec = cl.getCommandSpec();
      boolean ours = p.isEmpty() || !NOT_OURS.contains(p.get(0));
      for (OptionSpec o : spec.options()) {
        String where = String.join(" ", p) + " " + o.longestName();
        if (String.join("", o.description()).isBlank()) {
          problems.add(where + ": no help text");
        }
        if (ours && o.arity().max() > 0 && o.paramLabel().startsWith("<")) {
          problems.add(where + ": placeholder " + o.paramLabel() + " (give paramLabel)");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void modelBackedCommandsShareOneVocabulary() {
    List<String> flags = List.of("--provider", "--model", "--base-url", "--api-key-env", "--rpm",
        "--tpm", "--max-retries", "--timeout", "--cache-dir", "--budget-usd");
    for (List<String> p : List.of(List.of("generate"), List.of("judge"),
        List.of("clinician", "alignment"), List.of("eval", "chat"), List.of("eval", "win-rate"))) {
      CommandLine cl = Main.commandLine();
      for (String name : p) {
        cl = cl.getSubcommands().get(name);
      }
      for (String f : flags) {
        assertThat(cl.getCommandSpec().findOption(f)).as(p + " " + f).isNotNull();
      }
      String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help).as(p.toString()).contains("OPENAI_API_KEY").contains("AZURE_OPENAI_API_KEY")
          .contains("ANTHROPIC_API_KEY");
    }
    CommandLine generate = Main.commandLine().getSubcommands().get("generate");
    assertThat(generate.getCommandSpec().findOption("--candidates-per-figure")).isNotNull();
    assertThat(generate.getCommandSpec().findOption("--candidates")).isNull();
  }

  @Test
  void everySeedHasTheSameDefault() {
    List<String> seen = new ArrayList<>();
    for (List<String> p : HelpEveryCommand.paths(Main.commandLine(), new ArrayList<>())) {
      if (!p.isEmpty() && NOT_OURS.contains(p.get(0))) {
        continue;
      }
      CommandLine cl = Main.commandLine();
      for (String name : p) {
        cl = cl.getSubcommands().get(name);
      }
      OptionSpec seed = cl.getCommandSpec().findOption("--seed");
      if (seed != null) {
        seen.add(String.join(" ", p));
        assertThat(seed.defaultValue()).as(String.join(" ", p)).isEqualTo(Defaults.SEED);
      }
    }
    assertThat(seen).contains("generate", "pairs", "train-scorer", "select");
  }
}
