/**
 * Turning model replies into conversations: the tolerant "User:/Assistant:" and JSON parsers, and
 * the switchable LLaVA-Med post-processing.
 */
package org.biomedvital.generation.parse;
