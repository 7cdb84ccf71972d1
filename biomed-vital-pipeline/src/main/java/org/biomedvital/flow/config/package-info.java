/**
 * The {@code biomed-vital run} configuration file (YAML, within alias, nesting and size limits) and
 * how it builds a {@link org.biomedvital.flow.VitalPipeline} from providers by name.
 */
package org.biomedvital.flow.config;
