package org.biomedvital.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code --help} of every command and subcommand through {@link Main#run(String...)}, the
 * process streams included, printing {@code === <path> exit <code>} after each: {@link
 * CliHelpTest} runs it in a child JVM and reads what picocli printed, warnings included.
 */
public final class HelpEveryCommand {
  private HelpEveryCommand() {}

  /** Prints every command's help. */
  public static void main(String[] args) {
    for (List<String> path : paths(Main.commandLine(), new ArrayList<>())) {
      List<String> a = new ArrayList<>(path);
      a.add("--help");
      int code = Main.run(a.toArray(String[]::new));
      System.out.println("=== " + String.join(" ", path) + " exit " + code);
      System.out.flush();
    }
  }

  /** Every command path below {@code cl}, {@code cl}'s own (empty) first. */
  static List<List<String>> paths(CommandLine cl, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    out.add(prefix);
    cl.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandName().equals(name)) {
        return; // an alias
      }
      List<String> p = new ArrayList<>(prefix);
      p.add(name);
      out.addAll(paths(sub, p));
    });
    return out;
  }
}
