/**
 * The Kubernetes launch target: Kubeflow training jobs submitted with the fabric8 client. A
 * provider module of its own so that users of the local and SLURM targets pull no Kubernetes
 * client, Vert.x or Netty.
 */
package org.biomedvital.tuning.kubernetes;
