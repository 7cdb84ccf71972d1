/** Benchmark mains that print the figures each issue asks for. */
package org.biomedvital.benchmarks;
