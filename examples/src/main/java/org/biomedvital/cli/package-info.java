/** The biomed-vital command line. */
package org.biomedvital.cli;
