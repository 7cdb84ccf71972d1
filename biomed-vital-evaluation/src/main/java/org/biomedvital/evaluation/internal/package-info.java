/**
 * Helpers shared across biomed-vital-evaluation's packages. Not API: may change in any release; do
 * not use from outside the library.
 */
package org.biomedvital.evaluation.internal;
