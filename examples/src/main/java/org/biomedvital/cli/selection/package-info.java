/** The selection commands: {@code train-scorer}, {@code score} and {@code select}. */
package org.biomedvital.cli.selection;
