import { getRandomValues } from 'node:crypto'

/**
 * Message and event ids: ULIDs (https://github.com/ulid/spec). 26 characters of Crockford base32,
 * 48 bits of milliseconds then 80 random bits, so ids sort by creation time as strings — handy for
 * outboxes and logs — and match the envelope's MessageId pattern.
 *
 * Ids from one generator are strictly increasing: within one millisecond, or when the clock steps
 * back, the random part is incremented instead of redrawn.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const TIME_MAX = 2 ** 48 - 1
const RANDOM_BYTES = 10

export type IdGenerator = (now?: number) => string

export function createIdGenerator(random: (bytes: Uint8Array) => void = (b) => getRandomValues(b)): IdGenerator {
  let lastTime = -1
  const bytes = new Uint8Array(RANDOM_BYTES)

  return (now = Date.now()) => {
    const time = Math.min(Math.max(Math.floor(now), 0), TIME_MAX)
    if (time > lastTime) {
      lastTime = time
      random(bytes)
    } else if (!increment(bytes)) {
      // 2^80 ids in one millisecond cannot happen; if it does, borrow the next millisecond.
      lastTime = Math.min(lastTime + 1, TIME_MAX)
      random(bytes)
    }
    return encodeTime(lastTime) + encodeRandom(bytes)
  }
}

/** The process-wide generator. */
export const newMessageId: IdGenerator = createIdGenerator()

/** The creation time (ms since epoch) embedded in a ULID, or undefined if `id` is not one. */
export function messageIdTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id) || id.charCodeAt(0) > 55 /* '7' */) return undefined
  let t = 0
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(id[i]!)
  return t
}

function encodeTime(time: number): string {
  let out = ''
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32]! + out
    time = Math.floor(time / 32)
  }
  return out
}

/** 80 bits → 16 characters of 5 bits, most significant first. */
function encodeRandom(b: Uint8Array): string {
  let out = ''
  let acc = 0
  let bits = 0
  for (const byte of b) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(acc >> bits) & 31]!
    }
    acc &= (1 << bits) - 1
  }
  return out
}

/** Adds one to the big-endian number in `b`; false when it wrapped around. */
function increment(b: Uint8Array): boolean {
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 255) {
      b[i] = b[i]! + 1
      return true
    }
    b[i] = 0
  }
  return false
}
