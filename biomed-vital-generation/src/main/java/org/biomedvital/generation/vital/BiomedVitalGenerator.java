package org.biomedvital.generation.vital;

import java.util.Objects;
import org.biomedvital.data.Conversation;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.parse.ConversationParser;
import org.biomedvital.generation.parse.PostProcessing;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;

/**
 * The BioMed-VITAL generator: renders the prompt with the request's demonstrations and figure,
 * calls the vision model once, parses the reply (keeping multi-line answers) and applies the
 * LLaVA-Med post-processing.
 *
 * <pre>{@code
 * InstructionGenerator generator = BiomedVitalGenerator.builder(model)
 *     .modelName("gpt-4o")
 *     .prompt(BiomedVitalPrompt.builder().mode(OutputMode.JSON).build())
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe when the model is.
 */
public final class BiomedVitalGenerator implements InstructionGenerator {
  /** The generator name recorded in provenance. */
  public static final String NAME = "biomed-vital";

  private final VisionChatModel model;
  private final String modelName;
  private final BiomedVitalPrompt prompt;
  private final ConversationParser parser;
  private final PostProcessing postProcessing;

  private BiomedVitalGenerator(Builder b) {
    this.model = b.model;
    this.modelName = b.modelName;
    this.prompt = b.prompt;
    this.parser = b.parser;
    this.postProcessing = b.postProcessing;
  }

  /** A builder around {@code model}. */
  public static Builder builder(VisionChatModel model) {
    return new Builder(model);
  }

  @Override
  public GenerationResult generate(GenerationRequest request) {
    ChatRequest chat = prompt.render(request);
    ChatResponse response = model.chat(chat);
    Conversation parsed = parser.parse(response.text(), prompt.mode());
    Conversation conversation = postProcessing.apply(parsed, request.seed());
    String answeredBy = modelName.isEmpty() ? response.model() : modelName;
    return new GenerationResult(conversation, response.usage(), answeredBy, prompt.template().id(),
        response.text());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toString() {
    return "BiomedVitalGenerator{model=" + model + ", " + prompt + ", " + postProcessing + "}";
  }

  /** Builds {@link BiomedVitalGenerator}s. */
  public static final class Builder {
    private final VisionChatModel model;
    private String modelName = "";
    private BiomedVitalPrompt prompt = BiomedVitalPrompt.defaults();
    private ConversationParser parser = ConversationParser.defaults();
    private PostProcessing postProcessing = PostProcessing.DEFAULT;

    private Builder(VisionChatModel model) {
      this.model = Objects.requireNonNull(model, "model == null");
    }

    /** The model id for provenance; default the id the provider reports. */
    public Builder modelName(String modelName) {
      this.modelName = Checks.notBlank(modelName, "modelName");
      return this;
    }

    /** The prompt; default {@link BiomedVitalPrompt#defaults()}. */
    public Builder prompt(BiomedVitalPrompt prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    /** The parser; default {@link ConversationParser#defaults()}. */
    public Builder parser(ConversationParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser == null");
      return this;
    }

    /** The post-processing; default {@link PostProcessing#DEFAULT} (all steps on). */
    public Builder postProcessing(PostProcessing postProcessing) {
      this.postProcessing = Objects.requireNonNull(postProcessing, "postProcessing == null");
      return this;
    }

    /** Builds the generator. */
    public BiomedVitalGenerator build() {
      return new BiomedVitalGenerator(this);
    }
  }
}
