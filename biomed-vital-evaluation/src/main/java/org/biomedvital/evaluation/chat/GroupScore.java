package org.biomedvital.evaluation.chat;

/**
 * The open visual chat scores of one group of questions (a type, a domain, or all).
 *
 * @param count the questions scored
 * @param relativeScore the mean over questions of model score / reference score, times 100 (a mean
 *     of ratios, not a ratio of means); NaN when {@code count} is 0
 * @param referenceScore the mean reference score ({@code gpt4_score})
 * @param modelScore the mean model score ({@code pred_score})
 */
public record GroupScore(int count, double relativeScore, double referenceScore, double modelScore) {}
