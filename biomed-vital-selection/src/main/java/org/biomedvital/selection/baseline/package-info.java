/**
 * Baseline scorers to compare selection strategies on the same candidates: random, length, and the
 * judge's rating as the score (AlpaGasus-style).
 */
package org.biomedvital.selection.baseline;
