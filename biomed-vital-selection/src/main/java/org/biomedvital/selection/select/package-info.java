/**
 * Selectors that pick the training set from scored candidates: top fraction / top-K, threshold,
 * best-of-N per figure, per-domain quotas, k-center diversity and near-duplicate removal. They
 * compose with {@link org.biomedvital.selection.Selector#andThen}.
 */
package org.biomedvital.selection.select;
