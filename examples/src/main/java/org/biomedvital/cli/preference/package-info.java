/** The preference commands: {@code judge}, {@code clinician} and {@code pairs}. */
package org.biomedvital.cli.preference;
