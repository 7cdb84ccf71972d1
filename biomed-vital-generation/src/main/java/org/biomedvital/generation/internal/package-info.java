/**
 * HTTP plumbing shared by the providers of biomed-vital-generation: the shared client, the one
 * status-to-exception mapping, rate-limit header parsing. Not API.
 */
package org.biomedvital.generation.internal;
