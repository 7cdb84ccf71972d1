/**
 * Clinician annotations: import and export of the official pairwise files, accept/reject sheets and
 * our pair JSONL; annotation tasks as CSV and a self-contained HTML page; inter-annotator agreement
 * and judge-clinician alignment.
 */
package org.biomedvital.selection.clinician;
