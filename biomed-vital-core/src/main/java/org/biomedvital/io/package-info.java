/**
 * File helpers shared by every module: {@link org.biomedvital.io.AtomicFiles}, whole-file writes
 * that a crash never leaves half done.
 */
package org.biomedvital.io;
