import type { ErrorFrame } from './server-messages'

/**
 * Why a frame was refused. Stable: peers and dashboards match on these, so append, never rename.
 * - too_large: over the byte limit, or nested deeper than the depth limit (checked before anything else).
 * - bad_json: not UTF-8, or not JSON.
 * - bad_envelope: JSON, but not `{v, type, id, ts, payload}` with valid values.
 * - unsupported_version: `v` is a protocol version this side does not speak.
 * - unknown_type: `type` is not in this direction's catalogue.
 * - bad_payload: the payload does not match the schema of its type.
 */
export const protocolErrorCodes = [
  'too_large',
  'bad_json',
  'bad_envelope',
  'unsupported_version',
  'unknown_type',
  'bad_payload',
] as const
export type ProtocolErrorCode = (typeof protocolErrorCodes)[number]

export interface ProtocolErrorDetails {
  /** The envelope's id when it could be read, so the peer can say which message it refused. */
  id?: string
  /** The envelope's type when it could be read. */
  type?: string
  cause?: unknown
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  readonly code: ProtocolErrorCode
  readonly id: string | undefined
  readonly type: string | undefined

  constructor(code: ProtocolErrorCode, message: string, details: ProtocolErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.id = details.id
    this.type = details.type
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError
}

const FRAME_MESSAGE_MAX = 2000

/** The `error` frame payload that answers a refused message; the connection stays up. */
export function errorFrameFor(err: ProtocolError): ErrorFrame {
  const message =
    err.message.length > FRAME_MESSAGE_MAX ? `${err.message.slice(0, FRAME_MESSAGE_MAX - 1)}…` : err.message
  return err.id === undefined ? { code: err.code, message } : { code: err.code, message, ref_id: err.id }
}
