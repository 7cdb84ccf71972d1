/**
 * Per-item failures of a stage, the one shape every command and the pipeline record them in, how
 * they are counted by reason, and the failure budget that decides whether a stage with failures
 * still counts as done.
 */
package org.biomedvital.failure;
