package org.biomedvital.tuning;

/**
 * A progress report of a tuning run, from the trainer's logs or the in-JVM runner.
 *
 * @param step the optimiser step
 * @param maxSteps the planned steps, or 0 if unknown
 * @param epoch the (fractional) epoch
 * @param loss the training loss, NaN if not reported
 * @param learningRate the learning rate, NaN if not reported
 * @param samplesPerSecond the throughput, NaN if not reported
 */
public record TuningProgress(
    long step, long maxSteps, double epoch, double loss, double learningRate,
    double samplesPerSecond) {}
