package org.biomedvital.tuning.llava;

import java.util.Objects;
import org.biomedvital.internal.Checks;

/**
 * The model side of a {@link LlavaMedRecipe}: vision tower, projector, conversation template, the
 * stage-1 projector weights stage 2 starts from and the sequence length. Part of the recipe's
 * value; built by {@link LlavaMedRecipe.Builder}.
 *
 * @param visionTower the vision tower id or path
 * @param projectorType the projector type ({@code linear} or {@code mlp2x_gelu})
 * @param conversationVersion the conversation template name ({@code --version})
 * @param pretrainedProjector the stage-1 {@code mm_projector.bin}; may be empty
 * @param modelMaxLength the maximum token length of a training sequence
 */
public record ModelSettings(String visionTower, String projectorType, String conversationVersion,
    String pretrainedProjector, int modelMaxLength) {
  /** The maximum sequence length unless set. */
  public static final int DEFAULT_MODEL_MAX_LENGTH = 2048;
  /** LLaVA-Med v1.0's vision tower: CLIP ViT-L/14 at 224 px. */
  public static final String CLIP_VIT_L14_224 = "openai/clip-vit-large-patch14";
  /** LLaVA-1.5's vision tower: CLIP ViT-L/14 at 336 px. */
  public static final String CLIP_VIT_L14_336 = "openai/clip-vit-large-patch14-336";

  /** Validates; messages name the builder setter. */
  public ModelSettings {
    Checks.notBlank(visionTower, "visionTower");
    Checks.notBlank(projectorType, "projectorType");
    Checks.notBlank(conversationVersion, "version");
    Objects.requireNonNull(pretrainedProjector, "path == null");
    Checks.positive(modelMaxLength, "modelMaxLength");
  }

  /**
   * The defaults of {@code codebase} and {@code stage}: LLaVA-Med v1.0 uses the 224 px tower, the
   * {@code linear} projector and template {@code v0} (its {@code train.py} default; its README
   * passes no {@code --version}); LLaVA-1.5 the 336 px tower, {@code mlp2x_gelu} and {@code plain}
   * (stage 1) or {@code v1} (stage 2). No pretrained projector.
   */
  public static ModelSettings defaults(LlavaCodebase codebase, int stage) {
    boolean v1 = codebase == LlavaCodebase.LLAVA_MED_V1;
    return new ModelSettings(v1 ? CLIP_VIT_L14_224 : CLIP_VIT_L14_336,
        v1 ? "linear" : "mlp2x_gelu", defaultConversationVersion(codebase, stage), "",
        DEFAULT_MODEL_MAX_LENGTH);
  }

  /** The training code's own template for {@code codebase} and {@code stage}. */
  static String defaultConversationVersion(LlavaCodebase codebase, int stage) {
    return codebase == LlavaCodebase.LLAVA_MED_V1 ? "v0" : stage == 1 ? "plain" : "v1";
  }
}
