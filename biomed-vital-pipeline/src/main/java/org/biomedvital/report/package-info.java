/**
 * The run report: one self-contained HTML page ({@code report/index.html}) with the run's counts,
 * spend, domain mix, score histogram, clinician alignment sweep, loss curves, evaluation tables and
 * lineage, drawn from a plain {@link org.biomedvital.report.ReportData} value.
 */
package org.biomedvital.report;
