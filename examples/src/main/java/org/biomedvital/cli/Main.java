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

  /**
   * Runs the command line with the process's standard streams; returns the exit code. Both
   * streams are flushed before it returns, so nothing a command printed without a newline is lost.
   */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    try {
      return cl.execute(args);
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
    }
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
    cl.setParameterExceptionHandler(Main::argumentError);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Prints an argument error as the message and one line pointing to {@code --help} (no usage
   * dump) and returns {@link ExitCode#USAGE}.
   */
  static int argumentError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return ExitCode.USAGE;
  }

  /** The exit code of an exception that ended a command (see {@link ExitCode}). */
  static int exitCode(Throwable ex) {
    if (ex instanceof CommandLine.ParameterException
        || ex instanceof org.biomedvital.ProviderNotFoundException
        || ex instanceof IllegalArgumentException) {
      return ExitCode.USAGE;
    }
    return ExitCode.FAILED;
  }

  /**
   * Prints the error that ended a command as one clear line (no stack trace for errors the library
   * explains) and returns its exit code: 2 for bad arguments or configuration (unknown provider,
   * unknown or bad setting), 1 for data and run errors.
   */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      if (ex instanceof CommandLine.ParameterException) {
        return argumentError((CommandLine.ParameterException) ex, new String[0]);
      }
      int code = exitCode(ex);
      if (ex instanceof org.biomedvital.VitalException
          || ex instanceof IllegalArgumentException
          || ex instanceof IllegalStateException
          || ex instanceof java.io.UncheckedIOException) {
        err.println("error: " + ex.getMessage());
        if (code == ExitCode.USAGE) {
          err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
      } else {
        err.println("error: " + ex);
        ex.printStackTrace(err);
      }
      err.flush();
      return code;
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
