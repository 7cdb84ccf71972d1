/**
 * Rule-based, offline clinical fact extraction and fact consistency: modality, laterality, plane,
 * anatomy, negation and uncertainty (NegEx-style triggers and scopes), measurements, counts and
 * direction words, read from captions, mentions, questions and answers with an extensible lexicon;
 * and the comparison of what an answer states with what its figure's text states.
 */
package org.biomedvital.selection.clinical;
