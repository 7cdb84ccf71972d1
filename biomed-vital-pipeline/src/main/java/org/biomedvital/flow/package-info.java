/**
 * The BioMed-VITAL flow as one resumable run: {@link org.biomedvital.flow.VitalPipeline} composes
 * the stage modules' runners (generation, judging, the paper's preference pairs, the scorer and its
 * human-weight sweep, scoring, selection, export, tuning, evaluation, the report) on core's {@link
 * org.biomedvital.pipeline.Pipeline}, with a failure budget per stage.
 */
package org.biomedvital.flow;
