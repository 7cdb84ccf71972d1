package org.biomedvital.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code biomed-vital} command line. */
@Command(
    name = "biomed-vital",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Clinician-aligned biomedical visual instruction data: generate, select, tune, evaluate.",
    subcommandsRepeatable = false)
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line with the process's standard streams; returns the exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command line writing to the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line with every registered subcommand. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    List<CliCommand> commands = new ArrayList<>();
    ServiceLoader.load(CliCommand.class).forEach(commands::add);
    commands.sort(Comparator.comparing(c -> new CommandLine(c).getCommandName()));
    for (CliCommand c : commands) {
      cl.addSubcommand(c);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints a library error as one clear line (no stack trace) and exits 1. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      if (ex instanceof IllegalArgumentException) {
        cl.getErr().println("error: " + ex.getMessage());
        return 2;
      }
      if (ex instanceof org.biomedvital.VitalException
          || ex instanceof IllegalStateException
          || ex instanceof java.io.UncheckedIOException) {
        cl.getErr().println("error: " + ex.getMessage());
        return 1;
      }
      cl.getErr().println("error: " + ex);
      ex.printStackTrace(cl.getErr());
      return 1;
    }
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"biomed-vital " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
