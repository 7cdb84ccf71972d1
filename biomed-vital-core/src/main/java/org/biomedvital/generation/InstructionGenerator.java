package org.biomedvital.generation;

/**
 * Generates one candidate instruction-following conversation for a figure, prompted with sampled
 * clinician demonstrations. The generation runner calls it once per candidate.
 *
 * <p>Implementations are safe for concurrent use.
 */
@FunctionalInterface
public interface InstructionGenerator {

  /**
   * Generates one candidate.
   *
   * @throws org.biomedvital.UnparseableReplyException when the model's reply holds no valid
   *     conversation (the raw reply is kept for the failure record)
   * @throws org.biomedvital.RemoteServiceException when the model endpoint fails
   */
  GenerationResult generate(GenerationRequest request);

  /** The generator's name for provenance, e.g. {@code caption-grounded}. */
  default String name() {
    return getClass().getSimpleName();
  }
}
