/**
 * Providers that create the DJL scorer and the selectors by name, for configuration-driven runs
 * ({@code biomed-vital run --config}).
 */
package org.biomedvital.selection.provider;
