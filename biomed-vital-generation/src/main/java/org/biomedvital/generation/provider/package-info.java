/**
 * Instruction generators by provider name over a real vision model: {@code openai-compatible},
 * {@code azure-openai} and {@code anthropic}, each the BioMed-VITAL prompt over that client.
 */
package org.biomedvital.generation.provider;
