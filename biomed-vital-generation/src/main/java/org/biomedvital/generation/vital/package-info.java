/** The BioMed-VITAL instruction generator over any {@link org.biomedvital.model.VisionChatModel}. */
package org.biomedvital.generation.vital;
