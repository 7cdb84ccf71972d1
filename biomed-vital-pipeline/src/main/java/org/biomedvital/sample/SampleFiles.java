package org.biomedvital.sample;

import java.nio.file.Path;

/**
 * Where {@link SyntheticSample#write} put the sample, and how much it wrote.
 *
 * @param dir the sample folder
 * @param figures the training figures (PMC caption records, a JSON array)
 * @param images the image folder ({@code <pair_id>.jpg}, training, held-out and demonstration figures)
 * @param demonstrations the clinician-style demonstrations (JSONL, the clinician-demonstration format)
 * @param clinicianPairs the clinician-style preference pairs (official pairwise format, a JSON array)
 * @param heldoutFigures the held-out figures (PMC caption records)
 * @param heldoutQuestions the held-out QA50-style questions (JSONL)
 * @param readme the notice that the data is synthetic
 * @param figureCount training figures
 * @param heldoutFigureCount held-out figures
 * @param demonstrationCount demonstrations
 * @param pairCount preference pairs
 * @param questionCount held-out questions
 */
public record SampleFiles(
    Path dir, Path figures, Path images, Path demonstrations, Path clinicianPairs,
    Path heldoutFigures, Path heldoutQuestions, Path readme, int figureCount,
    int heldoutFigureCount, int demonstrationCount, int pairCount, int questionCount) {}
