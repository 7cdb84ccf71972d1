/**
 * Not API: hooks the {@code benchmarks} module uses to time the scorer's MLP head on precomputed
 * feature rows. May change or go away in any release.
 */
package org.biomedvital.selection.scorer.internal;
