package org.biomedvital.generation.provider;

import java.util.Objects;
import java.util.Set;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.generation.GenerationRequest;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.prompt.BiomedVitalPrompt;
import org.biomedvital.generation.prompt.OutputMode;
import org.biomedvital.generation.prompt.PromptTemplate;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.internal.ChatModelVendor;
import org.biomedvital.model.ChatModelBackedProvider;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.InstructionGeneratorProvider;
import org.biomedvital.spi.ProviderSettings;

/**
 * The BioMed-VITAL generator ({@link BiomedVitalGenerator}) over a real vision model, by provider
 * name: {@code openai-compatible} (OpenAI, vLLM, Ollama, LM Studio, llama.cpp server), {@code
 * azure-openai} and {@code anthropic}.
 *
 * <p>The client settings are the chat-model provider's of the same name, the names of the {@code
 * generate} command's flags: {@code base-url}, {@code model}, {@code api-key-env}, {@code
 * max-retries}, {@code timeout}, {@code rpm}, {@code tpm}, {@code cache-dir}, {@code budget-usd}
 * (Azure: {@code endpoint}/{@code base-url}, {@code deployment}/{@code model}, {@code api-version}).
 * The prompt settings: {@code temperature}, {@code max-tokens}, {@code prompt-file} (a template file
 * in place of the built-in one), {@code output} ({@code text}, default, or {@code json}) and {@code
 * demonstration-images} (a folder: demonstrations are sent with their images).
 *
 * <pre>{@code
 * InstructionGenerator g = Providers.instructionGenerator("openai-compatible", ProviderSettings.of(
 *     "base-url", "http://localhost:8000/v1", "model", "Qwen/Qwen2-VL-7B-Instruct"));
 * }</pre>
 */
public final class ChatGeneratorProviders {
  /** The prompt's own setting keys. */
  public static final Set<String> PROMPT_KEYS = Set.of("temperature", "max-tokens", "prompt-file",
      "output", "demonstration-images");


  private ChatGeneratorProviders() {}

  /** {@code openai-compatible}: the prompt over an OpenAI-compatible chat-completions server. */
  public static final class OpenAiCompatible extends Base {
    /** Does nothing; {@link #create} builds the generator. */
    public OpenAiCompatible() {
      super(ChatModelVendor.OPENAI_COMPATIBLE);
    }
  }

  /** {@code azure-openai}: the prompt over an Azure OpenAI deployment. */
  public static final class AzureOpenAi extends Base {
    /** Does nothing; {@link #create} builds the generator. */
    public AzureOpenAi() {
      super(ChatModelVendor.AZURE_OPENAI);
    }
  }

  /** {@code anthropic}: the prompt over Anthropic's messages API. */
  public static final class Anthropic extends Base {
    /** Does nothing; {@link #create} builds the generator. */
    public Anthropic() {
      super(ChatModelVendor.ANTHROPIC);
    }
  }

  /** A generator whose model usage (calls, tokens, cost) can be read while it runs. */
  public static final class MeteredGenerator implements InstructionGenerator {
    private final BiomedVitalGenerator generator;
    private final VisionChatModel chat;

    MeteredGenerator(BiomedVitalGenerator generator, VisionChatModel chat) {
      this.generator = generator;
      this.chat = chat;
    }

    @Override
    public GenerationResult generate(GenerationRequest request) {
      return generator.generate(request);
    }

    @Override
    public String name() {
      return generator.name();
    }

    /** The usage of the model so far; zero when the client keeps none. */
    public Usage usage() {
      return chat instanceof ResilientChatModel ? ((ResilientChatModel) chat).usage() : Usage.ZERO;
    }

    @Override
    public String toString() {
      return generator.toString();
    }
  }

  /** The shared part: reads the prompt settings and builds the chat model by name. */
  abstract static class Base extends ChatModelBackedProvider<InstructionGenerator>
      implements InstructionGeneratorProvider {
    Base(ChatModelVendor vendor) {
      super(vendor.providerName(), vendor.extraClientKeys(), PROMPT_KEYS, "the BioMed-VITAL prompt");
    }

    @Override
    public final InstructionGenerator create(ProviderSettings settings) {
      Objects.requireNonNull(settings, "settings == null");
      BiomedVitalPrompt.Builder pb = BiomedVitalPrompt.builder();
      if (settings.get("temperature").isPresent()) {
        pb.temperature(settings.doubleValue("temperature", 0));
      }
      if (settings.get("max-tokens").isPresent()) {
        pb.maxTokens(settings.intValue("max-tokens", 1));
      }
      settings.pathValue("prompt-file").ifPresent(p -> pb.template(PromptTemplate.load(p)));
      settings.pathValue("demonstration-images").ifPresent(p -> pb.demonstrationImages(ImageRoot.of(p)));
      String output = settings.get("output").orElse("text");
      if (output.equals("json")) {
        pb.mode(OutputMode.JSON);
      } else if (!output.equals("text")) {
        throw new IllegalArgumentException("setting 'output' must be 'text' or 'json' but was '"
            + output + "'");
      }
      VisionChatModel chat = chatModel(settings);
      BiomedVitalGenerator.Builder gb = BiomedVitalGenerator.builder(chat).prompt(pb.build());
      modelName(settings).ifPresent(gb::modelName);
      return new MeteredGenerator(gb.build(), chat);
    }
  }
}
