/**
 * Types shared by the evaluation stage and its callers (the pipeline, the command line): the
 * {@link org.biomedvital.evaluation.EvaluationMode} that picks between the published scripts'
 * behaviour and the corrected one. The metrics themselves live in {@code biomed-vital-evaluation}.
 */
package org.biomedvital.evaluation;
