/**
 * The seams of a resumable flow: {@link org.biomedvital.pipeline.Pipeline} runs any list of named
 * {@link org.biomedvital.pipeline.Stage}s in order, skipping the ones whose outputs are complete and
 * recording everything in {@code run-manifest.json}; {@link org.biomedvital.pipeline.StageAction}
 * and its provider let modules contribute stages (evaluation, report). The BioMed-VITAL flow itself,
 * {@code VitalPipeline}, is in the module {@code biomed-vital-pipeline} (package {@code
 * org.biomedvital.flow}), composed from the stage modules' runners.
 */
package org.biomedvital.pipeline;
