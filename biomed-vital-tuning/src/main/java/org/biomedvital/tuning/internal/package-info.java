/** Helpers shared by the tuning packages; not public API. */
package org.biomedvital.tuning.internal;
