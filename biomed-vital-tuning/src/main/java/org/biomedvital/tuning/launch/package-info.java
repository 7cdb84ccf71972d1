/** Launch targets: a local process, a SLURM batch job, a Kubeflow PyTorchJob on Kubernetes. */
package org.biomedvital.tuning.launch;
