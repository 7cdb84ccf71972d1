/**
 * Helpers shared across biomed-vital's packages. Not API: may change in any release; do not use
 * from outside the library.
 */
package org.biomedvital.internal;
