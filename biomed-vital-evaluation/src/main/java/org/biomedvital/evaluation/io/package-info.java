/**
 * Readers and writers of the evaluation files (answer files, JSONL or JSON-array records) with
 * errors that name file:line and field, and matching of answers to questions by id.
 */
package org.biomedvital.evaluation.io;
