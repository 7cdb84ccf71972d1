/** Evaluation steps for {@link org.biomedvital.flow.VitalPipeline}: the {@code open-chat} stage. */
package org.biomedvital.evaluation.pipeline;
