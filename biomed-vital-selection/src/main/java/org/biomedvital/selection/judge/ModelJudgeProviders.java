package org.biomedvital.selection.judge;

import java.util.Objects;
import java.util.Set;
import org.biomedvital.internal.ChatModelVendor;
import org.biomedvital.model.ChatModelBackedProvider;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.spi.PreferenceJudgeProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * The clinician-rubric judge ({@link ModelPreferenceJudge}, point-wise) over a real vision model, by
 * provider name: {@code openai-compatible}, {@code azure-openai} and {@code anthropic}. The model is
 * the chat-model provider of the same name (in {@code biomed-vital-generation}, looked up through
 * {@link Providers}), so its client settings are that provider's: {@code base-url}, {@code model},
 * {@code api-key-env}, {@code max-retries}, {@code timeout}, {@code rpm}, {@code tpm}, {@code
 * cache-dir}, {@code budget-usd}. The judge's own: {@code rubric} (a rubric JSON file; default the
 * bundled clinician rubric), {@code scope} ({@code conversation} or {@code compat}) and {@code
 * max-tokens} (default {@value ModelPreferenceJudge#DEFAULT_MAX_TOKENS}).
 */
public final class ModelJudgeProviders {
  /** The judge's own setting keys. */
  public static final Set<String> JUDGE_KEYS = Set.of("rubric", "scope", "max-tokens");


  private ModelJudgeProviders() {}

  /** {@code openai-compatible}: the rubric judge over an OpenAI-compatible server. */
  public static final class OpenAiCompatible extends Base {
    /** Does nothing; {@link #create} builds the judge. */
    public OpenAiCompatible() {
      super(ChatModelVendor.OPENAI_COMPATIBLE);
    }
  }

  /** {@code azure-openai}: the rubric judge over an Azure OpenAI deployment. */
  public static final class AzureOpenAi extends Base {
    /** Does nothing; {@link #create} builds the judge. */
    public AzureOpenAi() {
      super(ChatModelVendor.AZURE_OPENAI);
    }
  }

  /** {@code anthropic}: the rubric judge over Anthropic's messages API. */
  public static final class Anthropic extends Base {
    /** Does nothing; {@link #create} builds the judge. */
    public Anthropic() {
      super(ChatModelVendor.ANTHROPIC);
    }
  }

  /** The shared part: reads the judge settings and builds the chat model by name. */
  abstract static class Base extends ChatModelBackedProvider<PreferenceJudge>
      implements PreferenceJudgeProvider {
    Base(ChatModelVendor vendor) {
      super(vendor.providerName(), vendor.extraClientKeys(), JUDGE_KEYS, "the clinician-rubric judge");
    }

    @Override
    public final PreferenceJudge create(ProviderSettings settings) {
      Objects.requireNonNull(settings, "settings == null");
      VisionChatModel chat = chatModel(settings);
      ModelPreferenceJudge.Builder b = ModelPreferenceJudge.builder().model(chat)
          .rubric(settings.pathValue("rubric").map(Rubric::load).orElseGet(Rubric::clinicianDefault))
          .scope(settings.get("scope").map(JudgeScope::parse).orElse(JudgeScope.CONVERSATION));
      if (settings.get("max-tokens").isPresent()) {
        b.maxTokens(settings.intValue("max-tokens", 1));
      }
      modelName(settings).ifPresent(b::rater);
      return b.build();
    }
  }
}
