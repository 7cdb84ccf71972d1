package org.biomedvital.cli.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.chat.ChatAnswers;
import org.biomedvital.evaluation.chat.ChatEvaluator;
import org.biomedvital.evaluation.chat.ChatJudgePrompt;
import org.biomedvital.evaluation.chat.ChatQuestion;
import org.biomedvital.evaluation.chat.ChatQuestions;
import org.biomedvital.evaluation.chat.ChatReview;
import org.biomedvital.evaluation.chat.ChatSummary;
import org.biomedvital.evaluation.chat.JudgeStyle;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.internal.Json;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.cli.ModelOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code biomed-vital eval chat}: judge open visual chat answers and print the table. */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = {"Judge open visual chat answers (LLaVA-Med QA50) against the reference answers.",
        "--provider and --model name the judge (required); --answer-* the answering model."})
final class EvalChatCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--questions", required = true, paramLabel = "FILE",
      description = "Question JSONL (llava_med_eval_qa50_qa.jsonl).")
  Path questions;

  @Option(names = "--answers", required = true, paramLabel = "FILE",
      description = "The model's answer JSONL (question_id, text). With --answer-provider it is"
          + " written first (resumable).")
  Path answers;

  @Option(names = "--answer-provider", paramLabel = "NAME",
      description = "Generate the answers with this VisionChatModel provider (needs --images).")
  String answerProvider;

  @Option(names = "--answer-model", paramLabel = "MODEL",
      description = "Model id of the answering model (provider setting 'model').")
  String answerModel;

  @Option(names = "--answer-base-url", paramLabel = "URL",
      description = "Endpoint of the answering model (provider setting 'base-url').")
  String answerBaseUrl;

  @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
      description = "Sampling temperature of the answering model (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Review JSONL to write (appended; a rerun judges only missing questions).")
  Path out;

  @Mixin ModelOptions judge = new ModelOptions();

  @Option(names = "--with-image", description = "Attach the image (BioMed-VITAL's judge variant).")
  boolean withImage;

  @Option(names = "--images", paramLabel = "DIR", description = "Image folder (for --with-image).")
  Path images;

  @Option(names = "--swap", description = "Also ask with the two answers swapped and average.")
  boolean swap;

  @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
      description = "Judge N questions at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public void run() {
    judge.check(null, spec.commandLine().getErr());
    if (withImage && images == null) {
      throw new IllegalArgumentException("--with-image needs --images DIR, the question images");
    }
    List<ChatQuestion> qs = ChatQuestions.read(questions);
    if (answerProvider != null) {
      if (images == null) {
        throw new IllegalArgumentException("--answer-provider needs --images DIR, the question images");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      if (answerModel != null) {
        settings.put("model", answerModel);
      }
      if (answerBaseUrl != null) {
        settings.put("base-url", answerBaseUrl);
      }
      VisionChatModel model = Providers.visionChatModel(answerProvider, ProviderSettings.of(settings));
      ChatAnswers.generate(qs, ImageRoot.of(images), model, temperature,
          answerProvider + (answerModel == null ? "" : ":" + answerModel), answers);
    }
    ChatEvaluator.Builder b = ChatEvaluator.builder()
        .concurrency(concurrency)
        .judge(judge.chatModel(Map.of()))
        .judgeName(judge.displayName())
        .prompt(ChatJudgePrompt.of(withImage ? JudgeStyle.WITH_IMAGE : JudgeStyle.TEXT_ONLY))
        .swap(swap);
    if (images != null) {
      b.imageRoot(ImageRoot.of(images));
    }
    List<ChatReview> reviews = b.build().run(qs, AnswerFiles.read(answers), out);
    PrintWriter w = spec.commandLine().getOut();
    ObjectNode both = Json.mapper().createObjectNode();
    for (EvaluationMode m : List.of(EvaluationMode.CORRECTED, EvaluationMode.COMPAT)) {
      ChatSummary s = ChatSummary.compute(reviews, m);
      if (json) {
        both.set(EvalOutput.name(m), EvalOutput.chat(s));
      } else {
        w.print(EvalOutput.chatTable(s));
      }
    }
    if (json) {
      w.println(EvalOutput.pretty(both));
    }
    w.flush();
  }
}
