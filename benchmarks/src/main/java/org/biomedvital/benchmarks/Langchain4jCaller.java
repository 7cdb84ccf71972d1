package org.biomedvital.benchmarks;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Arrays;
import java.util.Base64;

/** The langchain4j side of {@link GenerationBenchmark}: the same request through OpenAiChatModel. */
final class Langchain4jCaller {
  private final OpenAiChatModel model;
  private final String png;

  Langchain4jCaller(String baseUrl) {
    this.model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("sk-bench").modelName("gpt-4o")
        .maxTokens(512).maxRetries(0).build();
    byte[] bytes = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 2048);
    this.png = Base64.getEncoder().encodeToString(bytes);
  }

  void call() {
    model.chat(SystemMessage.from("You are an AI assistant specialised in biomedicine."),
        UserMessage.from(ImageContent.from(png, "image/png"),
            TextContent.from("Figure Caption:\nFigure 1: Axial CT of the chest.")));
  }
}
