/**
 * OpenAI-compatible providers: chat completions (OpenAI, vLLM, Ollama, LM Studio, llama.cpp server,
 * any base URL), the Azure OpenAI variant, and the {@code /embeddings} endpoint as an
 * {@link org.biomedvital.model.Embedder}.
 */
package org.biomedvital.generation.openai;
