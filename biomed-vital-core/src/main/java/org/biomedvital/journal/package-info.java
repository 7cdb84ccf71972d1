/**
 * The append-only JSONL journal every long stage writes through, so that a killed run resumes where
 * it stopped and never repeats or loses a finished record.
 */
package org.biomedvital.journal;
