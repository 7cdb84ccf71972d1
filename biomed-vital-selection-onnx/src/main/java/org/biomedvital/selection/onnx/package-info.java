/**
 * ONNX embedders for selection, a provider module beside {@code biomed-vital-selection}: the default
 * all-MiniLM-L6-v2 (fp32, deterministic batching; int8 as an option) and an image+text embedder for
 * BiomedCLIP ONNX exports, both on DJL's OnnxRuntime engine. The application adds ONNX Runtime
 * itself ({@code com.microsoft.onnxruntime:onnxruntime}, or {@code onnxruntime_gpu} for CUDA).
 */
package org.biomedvital.selection.onnx;
