/**
 * Largest difference allowed between the built-in evaluator's calibrated anomaly score and ONNX
 * Runtime's for the same sample. Per-metric scores are bit-identical (single float32 ops); the host
 * score's mean is summed in another order than ONNX Runtime's, a few float32 ulps (~1e-7 relative),
 * which calibration can carry to ~1e-6 of the 0–1 score. 1e-5 is far below any threshold's resolution.
 */
export const TOLERANCE = 1e-5
