/**
 * The clinician-aligned selection scorer: candidate text (and image) embeddings fed to an MLP head
 * trained pairwise with DJL PyTorch, its model card, weight sweeps and streaming scoring.
 */
package org.biomedvital.selection.scorer;
