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
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TruncatedReplyException;
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
  private final VitalExchange exchange;

  private BiomedVitalGenerator(Builder b) {
    this.model = b.model;
    this.modelName = b.modelName;
    this.exchange = new VitalExchange(b.prompt, b.parser, b.postProcessing, b.keepTruncated);
  }

  /** A builder around {@code model}. */
  public static Builder builder(VisionChatModel model) {
    return new Builder(model);
  }

  /** A builder holding this generator's settings, around the same model. */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.modelName = modelName;
    b.prompt = exchange.prompt();
    b.parser = exchange.parser();
    b.postProcessing = exchange.postProcessing();
    b.keepTruncated = exchange.keepTruncated();
    return b;
  }

  @Override
  public GenerationResult generate(GenerationRequest request) {
    ChatResponse response = model.chat(exchange.render(request));
    Conversation conversation = exchange.read(response, request.seed());
    String answeredBy = modelName.isEmpty() ? response.model() : modelName;
    return new GenerationResult(conversation, response.usage(), answeredBy, exchange.templateId(),
        response.text());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toString() {
    return "BiomedVitalGenerator{model=" + model + ", " + exchange.prompt() + ", "
        + exchange.postProcessing() + "}";
  }

  /** Builds {@link BiomedVitalGenerator}s. */
  public static final class Builder {
    private final VisionChatModel model;
    private String modelName = "";
    private BiomedVitalPrompt prompt = VitalExchange.DEFAULT.prompt();
    private ConversationParser parser = VitalExchange.DEFAULT.parser();
    private PostProcessing postProcessing = VitalExchange.DEFAULT.postProcessing();
    private boolean keepTruncated = VitalExchange.DEFAULT.keepTruncated();

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

    /**
     * What to do with a reply cut at the output-token limit: by default (false) it is a {@link
     * TruncatedReplyException} ("reply cut at max tokens"), recorded as a failure; with true the
     * complete Q/A pairs before the cut one are kept (at least one must remain). Default false.
     */
    public Builder keepTruncated(boolean keep) {
      this.keepTruncated = keep;
      return this;
    }

    /** Builds the generator. */
    public BiomedVitalGenerator build() {
      return new BiomedVitalGenerator(this);
    }
  }
}
