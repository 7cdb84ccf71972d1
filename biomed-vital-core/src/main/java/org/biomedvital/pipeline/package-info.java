/**
 * The whole flow as one resumable run: {@link org.biomedvital.flow.VitalPipeline} ties the stage
 * seams together (generate, judge, pairs, train, score, select, export, tune, evaluate, report);
 * {@link org.biomedvital.pipeline.Pipeline} runs any list of named {@link
 * org.biomedvital.pipeline.Stage}s in order, skipping the ones whose outputs are complete and
 * recording everything in {@code run-manifest.json}.
 */
package org.biomedvital.pipeline;
