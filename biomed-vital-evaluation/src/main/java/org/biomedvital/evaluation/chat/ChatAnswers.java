package org.biomedvital.evaluation.chat;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.internal.Hashing;
import org.biomedvital.journal.Durability;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.VisionChatModel;

/**
 * Has a model answer the open visual chat questions: the image goes in with the question (without
 * its {@code <image>} token), at a fixed temperature, and each answer is appended to an answer file
 * in LLaVA-Med's format as it arrives, so that an interrupted run resumes where it stopped.
 */
public final class ChatAnswers {
  private ChatAnswers() {}

  /**
   * Answers every question not yet in {@code answersFile} and returns all answers of the file.
   *
   * @param temperature the sampling temperature (LLaVA-Med v1.5 uses 0)
   * @param modelId recorded in each answer's {@code model_id}
   * @throws org.biomedvital.InvalidDataException when an image is missing or not an image
   * @throws org.biomedvital.RemoteServiceException when the model fails; answers so far are kept
   */
  public static List<ModelAnswer> generate(List<ChatQuestion> questions, ImageRoot images,
      VisionChatModel model, double temperature, String modelId, Path answersFile) {
    Objects.requireNonNull(images, "images == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(modelId, "modelId == null");
    try (Journal journal = Journal.open(answersFile, "question_id", Durability.PROCESS_CRASH_SAFE)) {
      for (ChatQuestion q : questions) {
        if (journal.contains(q.id())) {
          continue;
        }
        ChatRequest request = ChatRequest.builder()
            .addMessage(ChatMessage.user(q.question(), images.resolve(q.image())))
            .temperature(temperature)
            .build();
        String text = model.chat(request).text();
        journal.append(q.id(), AnswerFiles.toJsonLine(new ModelAnswer(q.id(), text, modelId),
            q.question(), answerId(modelId, q.id(), q.question(), text)));
      }
    }
    return AnswerFiles.read(answersFile);
  }

  /**
   * The answer id: derived from model, question, prompt and answer text (never random), so that two
   * identical runs write byte-identical answer files.
   */
  static String answerId(String modelId, String questionId, String prompt, String text) {
    return Hashing.sha256Hex(modelId + "\u0000" + questionId + "\u0000" + prompt + "\u0000" + text)
        .substring(0, 22);
  }
}
