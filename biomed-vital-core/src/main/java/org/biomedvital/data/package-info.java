/**
 * The data model: figures, images, conversations, instruction samples, demonstrations, preference
 * pairs and ratings. Every type is immutable and safe to share between threads.
 */
package org.biomedvital.data;
