/**
 * Launch targets: a local process and a SLURM batch job (Kubernetes: module {@code
 * biomed-vital-tuning-kubernetes}).
 */
package org.biomedvital.tuning.launch;
