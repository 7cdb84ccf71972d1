/**
 * Preference datasets: the ratings and pair JSONL codecs, model pairs from judge ratings with the
 * paper's level scheme and same-figure pairs, and the weighted mixing of clinician pairs.
 */
package org.biomedvital.selection.preference;
