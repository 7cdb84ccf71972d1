/**
 * Pairwise win rate: a judge with the image, the question and the reference answer picks the
 * better of two models' answers ({@code [[A]]}/{@code [[B]]}/{@code [[C]]}) in both orders; wins,
 * losses, ties, win rates and Wilson intervals, plus the official script's tally for comparison.
 */
package org.biomedvital.evaluation.winrate;
