/** biomed-vital: the exception root and library-wide types. */
package org.biomedvital;
