/**
 * The generation runner: N candidates per figure, bounded concurrency, a resumable journal,
 * failures and usage files, progress events and sharding; plus the figure-record reader.
 */
package org.biomedvital.generation.runner;
