/** The {@code biomed-vital eval} commands: {@code vqa}, {@code chat}, {@code chat-summary}, {@code win-rate}. */
package org.biomedvital.cli.evaluation;
