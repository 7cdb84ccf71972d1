/**
 * The {@code biomed-vital run} and {@code biomed-vital demo} commands: the whole flow from a YAML
 * configuration, with a progress bar on a terminal and log lines elsewhere.
 */
package org.biomedvital.cli.pipeline;
