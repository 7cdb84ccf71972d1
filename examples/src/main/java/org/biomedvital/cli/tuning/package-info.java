/** The {@code biomed-vital tune} commands: plan, run and the tiny in-JVM runner. */
package org.biomedvital.cli.tuning;
