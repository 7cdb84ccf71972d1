/**
 * Synthetic sample data for the offline demo: phantom images drawn by code with captions, mentions,
 * demonstrations, preference pairs and held-out questions written to match. Not clinical data.
 */
package org.biomedvital.sample;
