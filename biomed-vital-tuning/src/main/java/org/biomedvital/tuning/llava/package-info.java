/** The LLaVA-Med recipe: stage values, training-data export, pre-flight checks and rendering of launch files. */
package org.biomedvital.tuning.llava;
