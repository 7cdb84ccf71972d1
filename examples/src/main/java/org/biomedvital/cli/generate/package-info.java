/** The {@code biomed-vital generate} command. */
package org.biomedvital.cli.generate;
