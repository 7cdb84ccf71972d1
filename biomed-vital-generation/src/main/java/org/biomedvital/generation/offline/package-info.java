/**
 * The offline {@code caption-grounded} generator: deterministic conversations built from a figure's
 * caption, inline mentions and domain flags, with no model. The no-LLM baseline and the demo's
 * default.
 */
package org.biomedvital.generation.offline;
