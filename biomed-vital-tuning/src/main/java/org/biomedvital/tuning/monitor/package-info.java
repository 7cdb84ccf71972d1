/** Monitoring of external training runs: Hugging Face Trainer logs, trainer_state.json, checkpoints. */
package org.biomedvital.tuning.monitor;
