/** The tuning seams: {@link org.biomedvital.tuning.TuningRunner} and {@link org.biomedvital.tuning.LaunchTarget}. */
package org.biomedvital.tuning;
