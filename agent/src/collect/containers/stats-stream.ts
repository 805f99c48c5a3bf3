import type Docker from 'dockerode'
import { lines } from './json-lines'
import type { RawStats } from './stats'

/**
 * One streaming stats request (GET /containers/{id}/stats?stream=true): the engine pushes a frame
 * about once a second until the container stops or the request is aborted. Returns the request's
 * own AbortController (never a shared signal). `onEnd` runs once the stream is over for any reason
 * other than that abort — the caller decides whether to open another.
 *
 * Frames are handed on as their text, unparsed (`parseStatsFrame` when needed): a cycle reads
 * only the newest frame of each container, and parsing the ~20 a second of 20 containers (and the
 * garbage it makes) was most of the agent's CPU at that size.
 */
export function openStatsStream(docker: Docker, id: string, on: { onFrame(text: string): void; onBad(why: string): void; onEnd(): void }): AbortController {
  const ac = new AbortController()
  let ended = false
  const end = () => {
    if (ended || ac.signal.aborted) return
    ended = true
    on.onEnd()
  }
  docker
    .getContainer(id)
    // abortSignal is passed through to the request by docker-modem; the typings omit it.
    .stats({ stream: true, abortSignal: ac.signal } as { stream: true })
    .then((s) => {
      const stream = s as unknown as NodeJS.ReadableStream & { destroy(): void }
      if (ac.signal.aborted) return stream.destroy()
      stream.on('data', lines(on.onFrame, { onBad: on.onBad }))
      stream.on('error', () => undefined)
      stream.on('close', end)
      stream.on('end', end)
    })
    .catch(end)
  return ac
}

/** One stats frame's text as the engine sent it; null when it is not a JSON object. */
export function parseStatsFrame(text: string): RawStats | null {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as RawStats) : null
  } catch {
    return null
  }
}
