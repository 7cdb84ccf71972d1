/**
 * Resilience shared by every caller of a {@link org.biomedvital.model.VisionChatModel}: retries with
 * exponential backoff and full jitter, client-side rate limits, an on-disk response cache, usage,
 * cost and a hard budget, and listeners. {@link org.biomedvital.generation.http.ResilientChatModel}
 * puts them around any model, so the generator, the judges and the evaluators reuse them.
 */
package org.biomedvital.generation.http;
