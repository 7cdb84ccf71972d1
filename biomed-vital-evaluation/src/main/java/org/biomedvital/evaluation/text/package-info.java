/**
 * Text primitives of the VQA metrics: LLaVA-Med's answer normalisation, Python-compatible
 * splitting, NLTK-compatible sentence BLEU and token-overlap scores, each in its published
 * (compat) form and, where that form is buggy, a corrected one.
 */
package org.biomedvital.evaluation.text;
