/** The {@code biomed-vital validate} command. */
package org.biomedvital.cli.validate;
