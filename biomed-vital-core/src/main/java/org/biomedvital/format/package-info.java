/**
 * Readers and writers of the data formats of LLaVA-Med and BioMed-VITAL (method.md section 5):
 * streaming, with errors that name file, line and field.
 */
package org.biomedvital.format;
