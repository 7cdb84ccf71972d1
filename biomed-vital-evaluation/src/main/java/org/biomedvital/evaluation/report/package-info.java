/** Evaluation results as tables for the run report ({@link org.biomedvital.pipeline.EvaluationTable}). */
package org.biomedvital.evaluation.report;
