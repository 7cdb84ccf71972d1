/**
 * The selection seams: judges that rate candidates, scorers that learn clinician preferences, and
 * selectors that pick the training set.
 */
package org.biomedvital.selection;
