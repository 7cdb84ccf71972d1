/**
 * VQA metrics (VQA-RAD, SLAKE, PathVQA in the LLaVA-Med format): closed-set accuracy, open-set
 * recall, exact match, F1, precision and BLEU, in compat and corrected modes.
 */
package org.biomedvital.evaluation.vqa;
