package org.biomedvital.cli.evaluation;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.biomedvital.evaluation.chat.ChatReviews;
import org.biomedvital.evaluation.chat.ChatSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code biomed-vital eval chat-summary}: the open visual chat table from a review file. */
@Command(name = "chat-summary", mixinStandardHelpOptions = true,
    description = "Relative scores per type, domain and overall from LLaVA-Med review files.")
final class EvalChatSummaryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--reviews", required = true, paramLabel = "FILE",
      description = "Review JSONL (gpt_eval or result holds the judge reply).")
  Path reviews;

  @Option(names = "--mode", defaultValue = "corrected", paramLabel = "compat|corrected",
      description = "compat scores unparseable reviews (1, 1); corrected excludes them"
          + " (default: ${DEFAULT-VALUE}).")
  ModeChoice mode;

  @Option(names = "--json", description = "Print one JSON object (full precision).")
  boolean json;

  @Override
  public void run() {
    if (mode == ModeChoice.BOTH) {
      throw new IllegalArgumentException("--mode must be compat or corrected");
    }
    ChatSummary s = ChatSummary.compute(ChatReviews.read(reviews), mode.modes().get(0));
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? EvalOutput.pretty(EvalOutput.chat(s)) + "\n" : EvalOutput.chatTable(s));
    out.flush();
  }
}
