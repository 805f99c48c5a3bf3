import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'
import { agentMessages, type AgentMessageType, type AgentPayload } from './agent-messages'
import { Envelope, MessageId, PROTOCOL_VERSION } from './envelope'
import { describeValidationErrors } from './error-render'
import { ProtocolError, type ProtocolErrorCode } from './errors'
import { newMessageId } from './id'
import { guardJson } from './json-guard'
import type { AgentMessage, ServerMessage } from './messages'
import { describeJsonType, formatPath, isPlainObject } from './path'
import { serverMessages, type ServerMessageType, type ServerPayload } from './server-messages'
import { lazyValidator } from './wire-schema'

/**
 * The only way frames cross the wire: encode builds and checks an envelope, decode checks
 * everything in a fixed order (size → UTF-8/JSON → depth and forbidden keys → version → envelope →
 * type → payload) and never throws. What `encode` returns, `decode` with the same limits accepts.
 */

/** Frames above this are refused before parsing. The gateway's WebSocket `maxPayload` should match. */
export const DEFAULT_MAX_BYTES = 1024 * 1024
/** Deeper than any schema needs (a desired state is about 8 levels); bounds free-form params. */
export const DEFAULT_MAX_DEPTH = 32

export interface CodecLimits {
  maxBytes?: number
  maxDepth?: number
}

export interface DecodeOptions extends CodecLimits {
  /** Protocol versions this side accepts; default: only PROTOCOL_VERSION. */
  versions?: readonly number[]
}

export interface EncodeOptions extends CodecLimits {
  /** Default: a new ULID. Outboxes pass the event's stored id so acks can refer to it. */
  id?: string
  /** Default: now. */
  ts?: number
}

export type DecodeResult<M> = { ok: true; message: M } | { ok: false; error: ProtocolError }

/** What a WebSocket library hands over: text, bytes, or fragments (ws's `RawData`). */
export type RawFrame = string | Uint8Array | ArrayBuffer | readonly Uint8Array[]

interface Direction {
  label: string
  otherLabel: string
  validators: ReadonlyMap<string, () => Validator>
  other: Readonly<Record<string, unknown>>
}

function direction(label: string, otherLabel: string, own: Record<string, TSchema>, other: Record<string, TSchema>): Direction {
  return {
    label,
    otherLabel,
    validators: new Map(Object.entries(own).map(([type, schema]) => [type, lazyValidator(schema)])),
    other,
  }
}

const toServer = direction('agent → control plane', 'control plane → agent', agentMessages, serverMessages)
const toAgent = direction('control plane → agent', 'agent → control plane', serverMessages, agentMessages)

const envelopeValidator = lazyValidator(Envelope)
const messageIdValidator = Compile(MessageId)
const utf8 = new TextDecoder('utf-8', { fatal: true })

// ---------------------------------------------------------------------------------------------
// Encode

export function encodeAgentMessage<T extends AgentMessageType>(
  type: T,
  payload: AgentPayload<T>,
  options: EncodeOptions = {},
): string {
  return encode(toServer, type, payload, options)
}

export function encodeServerMessage<T extends ServerMessageType>(
  type: T,
  payload: ServerPayload<T>,
  options: EncodeOptions = {},
): string {
  return encode(toAgent, type, payload, options)
}

/** Throws ProtocolError: a message that fails here is a bug on the sending side, not bad input. */
function encode(dir: Direction, type: string, payload: unknown, options: EncodeOptions): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const validator = dir.validators.get(type)
  if (validator === undefined) throw unknownType(dir, type, {})

  // The envelope adds one level above the payload.
  const guard = guardJson(payload, maxDepth - 1)
  if (guard !== undefined) throw guardError(guard, ['payload'], {})
  const v = validator()
  if (!v.Check(payload)) {
    throw new ProtocolError('bad_payload', describeValidationErrors(v.Errors(payload), payload, ['payload']), { type })
  }

  const envelope = { v: PROTOCOL_VERSION, type, id: options.id ?? newMessageId(), ts: options.ts ?? Date.now(), payload }
  const env = envelopeValidator()
  if (!env.Check(envelope)) {
    throw new ProtocolError('bad_envelope', describeValidationErrors(env.Errors(envelope), envelope, []), { type })
  }

  let text: string
  try {
    text = JSON.stringify(envelope)
  } catch (cause) {
    // BigInt or a cycle inside a free-form field.
    throw new ProtocolError('bad_payload', `payload cannot be serialised as JSON: ${String(cause)}`, { type, cause })
  }
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > maxBytes) {
    throw new ProtocolError('too_large', `${type} message is ${bytes} bytes, over the ${maxBytes}-byte limit; split it`, {
      id: envelope.id,
      type,
    })
  }
  return text
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Control plane side: a frame received from an agent. */
export function decodeAgentMessage(raw: RawFrame, options: DecodeOptions = {}): DecodeResult<AgentMessage> {
  return decode(toServer, raw, options) as DecodeResult<AgentMessage>
}

/** Agent side: a frame received from the control plane. */
export function decodeServerMessage(raw: RawFrame, options: DecodeOptions = {}): DecodeResult<ServerMessage> {
  return decode(toAgent, raw, options) as DecodeResult<ServerMessage>
}

function decode(dir: Direction, raw: RawFrame, options: DecodeOptions): DecodeResult<unknown> {
  try {
    return decodeUnsafe(dir, raw, options)
  } catch (cause) {
    // Every path above returns; this is the promise that a bug in a check never takes a connection down.
    return fail('bad_json', `frame could not be decoded: ${String(cause)}`, { cause })
  }
}

function decodeUnsafe(dir: Direction, raw: RawFrame, options: DecodeOptions): DecodeResult<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const versions = options.versions ?? [PROTOCOL_VERSION]

  const text = frameText(raw, maxBytes)
  if (text instanceof ProtocolError) return { ok: false, error: text }

  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    return fail('bad_json', `not valid JSON: ${shorten(cause instanceof Error ? cause.message : String(cause))}`, { cause })
  }
  if (!isPlainObject(value)) {
    return fail('bad_envelope', `a message must be a JSON object {v, type, id, ts, payload}, got ${describeJsonType(value)}`)
  }

  const known = {
    id: messageIdValidator.Check(value.id) ? value.id : undefined,
    type: typeof value.type === 'string' && value.type.length <= 64 ? value.type : undefined,
  }
  const guard = guardJson(value, maxDepth)
  if (guard !== undefined) return { ok: false, error: guardError(guard, [], known) }

  // Before the envelope: another version may have another envelope.
  const v = value.v
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && !versions.includes(v)) {
    return fail('unsupported_version', `protocol version ${v} is not supported; this side speaks ${versions.join(', ')}`, known)
  }
  const env = envelopeValidator()
  if (!env.Check(value)) return fail('bad_envelope', describeValidationErrors(env.Errors(value), value, []), known)

  const type = value.type as string
  const validator = dir.validators.get(type)
  if (validator === undefined) return { ok: false, error: unknownType(dir, type, known) }
  const payloadValidator = validator()
  if (!payloadValidator.Check(value.payload)) {
    const errors = payloadValidator.Errors(value.payload)
    return fail('bad_payload', describeValidationErrors(errors, value.payload, ['payload']), known)
  }
  return { ok: true, message: value }
}

/** The frame as text, or the reason it cannot be: size first, so nothing big is ever decoded. */
function frameText(raw: RawFrame, maxBytes: number): string | ProtocolError {
  if (typeof raw === 'string') {
    // Each UTF-16 unit is at least one UTF-8 byte: the cheap test first, the exact count after.
    if (raw.length > maxBytes) return tooLarge(`at least ${raw.length}`, maxBytes)
    const bytes = Buffer.byteLength(raw, 'utf8')
    return bytes > maxBytes ? tooLarge(String(bytes), maxBytes) : raw
  }
  let bytes: Uint8Array
  if (raw instanceof Uint8Array) bytes = raw
  else if (raw instanceof ArrayBuffer) bytes = new Uint8Array(raw)
  else if (Array.isArray(raw)) {
    const total = raw.reduce((n: number, part: Uint8Array) => n + part.byteLength, 0)
    if (total > maxBytes) return tooLarge(String(total), maxBytes)
    bytes = Buffer.concat(raw)
  } else {
    return new ProtocolError('bad_json', `a frame must be text or bytes, got ${describeJsonType(raw)}`)
  }
  if (bytes.byteLength > maxBytes) return tooLarge(String(bytes.byteLength), maxBytes)
  try {
    return utf8.decode(bytes)
  } catch (cause) {
    return new ProtocolError('bad_json', 'frame is not valid UTF-8', { cause })
  }
}

function tooLarge(size: string, maxBytes: number): ProtocolError {
  return new ProtocolError('too_large', `frame is ${size} bytes, over the ${maxBytes}-byte limit`)
}

function guardError(
  guard: NonNullable<ReturnType<typeof guardJson>>,
  prefix: readonly (string | number)[],
  known: { id?: string | undefined; type?: string | undefined },
): ProtocolError {
  const path = [...prefix, ...guard.path]
  const where = formatPath(path)
  if (guard.kind === 'too_deep') {
    return new ProtocolError('too_large', `${where}: nested deeper than ${guard.limit} levels`, known)
  }
  const code: ProtocolErrorCode = path[0] === 'payload' ? 'bad_payload' : 'bad_envelope'
  return new ProtocolError(code, `${where}: key "${guard.key}" is not allowed (prototype pollution)`, known)
}

function unknownType(dir: Direction, type: string, known: { id?: string | undefined }): ProtocolError {
  const shown = JSON.stringify(type.length > 64 ? `${type.slice(0, 64)}…` : type)
  const message = Object.hasOwn(dir.other, type)
    ? `type ${shown} is sent ${dir.otherLabel}, not ${dir.label}`
    : `unknown message type ${shown} (${dir.label} knows ${[...dir.validators.keys()].join(', ')})`
  return new ProtocolError('unknown_type', message, { ...known, type })
}

function fail(
  code: ProtocolErrorCode,
  message: string,
  details: { id?: string | undefined; type?: string | undefined; cause?: unknown } = {},
): { ok: false; error: ProtocolError } {
  return { ok: false, error: new ProtocolError(code, message, details) }
}

function shorten(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s
}
