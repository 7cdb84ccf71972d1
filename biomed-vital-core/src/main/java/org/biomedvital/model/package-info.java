/**
 * The model seams: {@link org.biomedvital.model.VisionChatModel}, through which the generator, the
 * judges and the evaluators talk to any vision LLM, and {@link org.biomedvital.model.Embedder}.
 */
package org.biomedvital.model;
