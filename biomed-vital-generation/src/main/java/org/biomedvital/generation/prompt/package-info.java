/**
 * The BioMed-VITAL prompt: a versioned template (data, not code), clinician demonstrations as
 * few-shot turns, and the target figure's image, caption and inline mentions.
 */
package org.biomedvital.generation.prompt;
