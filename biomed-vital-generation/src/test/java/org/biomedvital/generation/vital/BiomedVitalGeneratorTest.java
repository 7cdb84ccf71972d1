package org.biomedvital.generation.vital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.TestImages;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.generation.prompt.OutputMode;
import org.biomedvital.generation.prompt.PromptTemplate;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatRole;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.testing.FakeVisionChatModel;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BiomedVitalGeneratorTest {
  static final Figure TARGET = new Figure("555_F3", "555", "Figure 3",
      "Coronal MRI showing a pituitary macroadenoma.", List.of("MRI ( Fig. 3 ) confirmed it ."),
      Set.of(Domain.MRI), "555_F3.jpg");

  @TempDir Path dir;

  private static Demonstration demo(String id, Domain d) {
    return new Demonstration(id, new Figure("d" + id, "", "Fig. 1", "Caption " + id, List.of(),
        Set.of(d), "d" + id + ".jpg"), Conversation.of("Q" + id + "?", "A" + id + ".\nMore."));
  }

  @Test
  void toBuilderKeepsModelNameAndPromptSettings() {
    String reply = "User: What plane is this?\nAssistant: Coronal.";
    FakeVisionChatModel model = FakeVisionChatModel.replying(reply).thenReply(reply);
    BiomedVitalGenerator original = BiomedVitalGenerator.builder(model).modelName("gpt-4o")
        .prompt(org.biomedvital.generation.prompt.BiomedVitalPrompt.builder().maxTokens(512)
            .temperature(0.3).sendSeed(false).build()).build();
    GenerationRequest req = GenerationRequest.builder().figure(TARGET).image(TestImages.jpeg())
        .demonstrations(List.of(demo("1", Domain.MRI))).seed(9).build();

    GenerationResult r = original.toBuilder().build().generate(req);
    ChatRequest sent = model.lastRequest();
    assertThat(r.model()).isEqualTo("gpt-4o");
    assertThat(sent.maxTokens()).hasValue(512);
    assertThat(sent.temperature()).hasValue(0.3);
    assertThat(sent.seed()).isEmpty();

    BiomedVitalGenerator changed = original.toBuilder().prompt(
        org.biomedvital.generation.prompt.BiomedVitalPrompt.defaults().toBuilder().maxTokens(256)
            .build()).build();
    changed.generate(req);
    assertThat(model.lastRequest().maxTokens()).hasValue(256);
    assertThat(model.lastRequest().seed()).hasValue(9L);
  }

  @Test
  void rendersSystemDemonstrationsAndTheTargetWithItsImage() {
    FakeVisionChatModel model = FakeVisionChatModel.replying(
        "User: What plane is this?\nAssistant: Coronal.\nUser: What lesion?\n"
            + "Assistant: A pituitary macroadenoma.\nIt elevates the optic chiasm.");
    BiomedVitalGenerator g = BiomedVitalGenerator.builder(model).modelName("gpt-4o").build();
    GenerationRequest req = GenerationRequest.builder().figure(TARGET).image(TestImages.jpeg())
        .demonstrations(List.of(demo("1", Domain.CT_SCAN), demo("2", Domain.MRI))).seed(9).build();

    GenerationResult r = g.generate(req);

    ChatRequest sent = model.lastRequest();
    List<ChatMessage> m = sent.messages();
    assertThat(m).extracting(ChatMessage::role).containsExactly(ChatRole.SYSTEM, ChatRole.USER,
        ChatRole.ASSISTANT, ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER);
    assertThat(m.get(0).text()).contains("biomedicine").contains("\"User:\" or \"Assistant:\"");
    assertThat(m.get(1).images()).isEmpty();
    assertThat(m.get(1).text()).contains("Caption 1").contains("Figure Caption:\nFig. 1: Caption 1");
    assertThat(m.get(2).text()).isEqualTo("User: Q1?\n\nAssistant: A1.\nMore.");
    assertThat(m.get(5).parts().get(0)).isInstanceOf(ContentPart.Image.class);
    assertThat(m.get(5).text()).contains("Coronal MRI showing a pituitary macroadenoma.")
        .contains("Figure Context:\n\t- MRI ( Fig. 3 ) confirmed it .");
    assertThat(sent.seed()).hasValue(9);
    assertThat(sent.maxTokens()).hasValue(4096);
    assertThat(r.conversation().turns().get(3).text())
        .isEqualTo("A pituitary macroadenoma.\nIt elevates the optic chiasm.");
    assertThat(r.conversation().imageTokenCount()).isEqualTo(1);
    assertThat(r.promptTemplate()).isEqualTo("biomed-vital-v1");
    assertThat(r.model()).isEqualTo("gpt-4o");
  }

  @Test
  void jsonModeAsksForJsonAndShowsDemonstrationsAsJsonWithTheirImages() throws Exception {
    Files.write(dir.resolve("d1.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
    FakeVisionChatModel model = FakeVisionChatModel.replying(
        "{\"conversations\":[{\"from\":\"human\",\"value\":\"Q\"},{\"from\":\"gpt\",\"value\":\"A\"}]}");
    BiomedVitalGenerator g = BiomedVitalGenerator.builder(model).prompt(BiomedVitalPrompt.builder()
        .mode(OutputMode.JSON).demonstrationImages(ImageRoot.of(dir)).build()).build();

    GenerationResult r = g.generate(GenerationRequest.builder().figure(TARGET)
        .demonstrations(List.of(demo("1", Domain.CT_SCAN))).build());

    ChatRequest sent = model.lastRequest();
    assertThat(sent.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
    assertThat(sent.messages().get(0).text()).contains("{\"conversations\"");
    assertThat(sent.messages().get(1).images()).hasSize(1);
    assertThat(sent.messages().get(2).text()).startsWith("{\"conversations\":[{\"from\":\"human\"");
    assertThat(r.conversation().pairs()).hasSize(1);
  }

  @Test
  void anUnparseableReplyKeepsItsRawText() {
    BiomedVitalGenerator g = BiomedVitalGenerator.builder(
        FakeVisionChatModel.replying("I am unable to help.")).build();

    assertThatThrownBy(() -> g.generate(GenerationRequest.builder().figure(TARGET).build()))
        .isInstanceOfSatisfying(UnparseableReplyException.class,
            e -> assertThat(e.rawReply()).isEqualTo("I am unable to help."));
  }

  @Test
  void samplesOneRealDemonstrationPerDomainIntoThePrompt() {
    DemonstrationSet demos = DemonstrationSet.from(SharedData.demonstrations());
    FakeVisionChatModel model = FakeVisionChatModel.answering(r -> "User: Q\nAssistant: A");
    BiomedVitalGenerator g = BiomedVitalGenerator.builder(model).build();

    g.generate(GenerationRequest.builder().figure(TARGET)
        .demonstrations(demos.sample(SamplingStrategy.perDomain(1), 3)).build());

    assertThat(model.lastRequest().messages()).hasSize(1 + 2 * 5 + 1);
  }

  @Test
  void templatesLoadFromFilesAndNameMissingFields() throws Exception {
    Path f = dir.resolve("t.json");
    Files.writeString(f, "{\"id\":\"mine-v2\",\"system\":\"S\",\"caption_preface\":\"\","
        + "\"context_preface\":\"\",\"text_format\":\"\",\"json_format\":\"J\"}");
    assertThat(PromptTemplate.load(f).id()).isEqualTo("mine-v2");
    Files.writeString(f, "{\"id\":\"x\"}");
    assertThatThrownBy(() -> PromptTemplate.load(f))
        .hasMessageContaining("t.json: field 'system' is required");
  }
  @Test
  void aReplyCutAtTheTokenLimitIsAFailureUnlessKeptWithoutTheCutPair() {
    String cut = "User: What plane is this?\nAssistant: Coronal.\nUser: What lesion?\n"
        + "Assistant: A pituitary macro";
    org.biomedvital.model.VisionChatModel model = request -> new org.biomedvital.model.ChatResponse(
        cut, new org.biomedvital.model.TokenUsage(900, 4096), "gpt-4o", "length");
    GenerationRequest req = GenerationRequest.builder().figure(TARGET).seed(9).build();

    assertThatThrownBy(() -> BiomedVitalGenerator.builder(model).build().generate(req))
        .isInstanceOf(org.biomedvital.model.TruncatedReplyException.class)
        .isInstanceOf(UnparseableReplyException.class)
        .hasMessageStartingWith("reply cut at max tokens (finish reason 'length')")
        .satisfies(e -> assertThat(((UnparseableReplyException) e).rawReply()).isEqualTo(cut));

    GenerationResult kept = BiomedVitalGenerator.builder(model).keepTruncated(true).build()
        .generate(req);
    assertThat(kept.conversation().pairs()).hasSize(1);
    assertThat(kept.conversation().pairs().get(0).answer()).isEqualTo("Coronal.");
  }
}
