/**
 * Preference judges: the rubric as data, the policy-guided model judge (point-wise and pair-wise
 * with position swap) and the offline heuristic judge.
 */
package org.biomedvital.selection.judge;
