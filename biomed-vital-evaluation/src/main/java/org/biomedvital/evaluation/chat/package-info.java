/**
 * Open visual chat (LLaVA-Med's QA50 benchmark): questions, model answers, the judge prompt, the
 * judge run with an optional swapped pass, review files, and the relative-score table per type,
 * domain and overall.
 */
package org.biomedvital.evaluation.chat;
