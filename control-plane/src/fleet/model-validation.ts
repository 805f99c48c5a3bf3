import { badRequest } from '../http/errors'

export interface ValidatedModel {
  version: string
  meta: Record<string, unknown>
}

/**
 * Checks an uploaded model with exactly the loader the agent uses (shared/src/model/session.ts, the model contract): it
 * must be ONNX, carry valid `scops.model` metadata, load (built-in evaluator, else ONNX Runtime) with the input/output names
 * the metadata declares, expect the features this agent version computes, and test-score sanely.
 * A model that passes here is one an agent of the same version will accept. Loaded lazily so the
 * native runtime is only mapped into a control plane that receives models.
 */
export async function validateModel(bytes: Uint8Array): Promise<ValidatedModel> {
  const { openSession } = await import('@smartcloudops/shared/model/session')
  const { ModelError } = await import('@smartcloudops/shared/model/model-artifact')
  let session
  try {
    session = await openSession(bytes)
  } catch (err) {
    if (err instanceof ModelError) throw badRequest('invalid_model', `model refused (${err.code}): ${err.message}`)
    throw badRequest('invalid_model', `model refused: ${(err as Error).message}`)
  }
  const meta = session.meta
  await session.close().catch(() => undefined)
  return { version: meta.version, meta: meta as unknown as Record<string, unknown> }
}
