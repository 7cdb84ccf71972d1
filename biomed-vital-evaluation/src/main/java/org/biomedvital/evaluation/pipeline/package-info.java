/** Evaluation steps for {@link org.biomedvital.pipeline.VitalPipeline}: the {@code open-chat} stage. */
package org.biomedvital.evaluation.pipeline;
