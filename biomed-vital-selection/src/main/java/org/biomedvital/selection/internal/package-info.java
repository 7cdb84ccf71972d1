/**
 * Helpers shared across biomed-vital-selection's packages. Not API: may change in any release; do
 * not use from outside the library.
 */
package org.biomedvital.selection.internal;
