// The model contract lives in shared/src/model/ (the control plane validates uploads with it too).
// This re-export keeps the agent's link code, being split by another change, importing as before.
export { ModelError, readModelMeta, sha256Hex, type ModelErrorCode } from '@smartcloudops/shared/model/model-artifact'
