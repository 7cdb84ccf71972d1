/**
 * Service-provider interfaces: every stage implementation can register a named provider through
 * {@link java.util.ServiceLoader} ({@code META-INF/services}) and be created from settings with
 * {@link org.biomedvital.spi.Providers}.
 */
package org.biomedvital.spi;
