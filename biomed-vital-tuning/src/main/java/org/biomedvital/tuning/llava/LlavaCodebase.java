package org.biomedvital.tuning.llava;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The training code a recipe targets; it decides the launcher and the distributed engine. */
public enum LlavaCodebase {
  /**
   * LLaVA-Med v1.0 ({@code microsoft/LLaVA-Med} v1.0 code): {@code torchrun} with PyTorch FSDP
   * ({@code full_shard auto_wrap} on {@code LlamaDecoderLayer}) for stage 2; no DeepSpeed.
   */
  LLAVA_MED_V1("llava-med-v1"),
  /**
   * LLaVA-1.5 ({@code haotian-liu/LLaVA}): the {@code deepspeed} launcher with ZeRO-2 for stage 1
   * and ZeRO-3 for stage 2.
   */
  LLAVA_1_5("llava-1.5");

  private final String id;

  LlavaCodebase(String id) {
    this.id = id;
  }

  /** The command-line name, e.g. {@code llava-med-v1}. */
  public String id() {
    return id;
  }

  /** Parses a command-line name. @throws IllegalArgumentException listing the names */
  public static LlavaCodebase fromId(String id) {
    for (LlavaCodebase c : values()) {
      if (c.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown recipe '" + id + "'; use one of "
        + Arrays.stream(values()).map(LlavaCodebase::id).collect(Collectors.joining(", ")));
  }
}
