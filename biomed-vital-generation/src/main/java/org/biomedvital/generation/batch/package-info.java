/**
 * Batch-mode generation over the OpenAI batch API: durable batch ids in a journal, polling,
 * mapping results back to candidates, resubmitting only failed or expired items.
 */
package org.biomedvital.generation.batch;
