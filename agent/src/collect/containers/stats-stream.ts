import type Docker from 'dockerode'
import { jsonLines } from './json-lines'
import type { RawStats } from './stats'

/**
 * One streaming stats request (GET /containers/{id}/stats?stream=true): the engine pushes a frame
 * about once a second until the container stops or the request is aborted. Returns the request's
 * own AbortController (never a shared signal). `onEnd` runs once the stream is over for any reason
 * other than that abort — the caller decides whether to open another.
 */
export function openStatsStream(docker: Docker, id: string, on: { onFrame(v: RawStats): void; onBad(why: string): void; onEnd(): void }): AbortController {
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
      stream.on('data', jsonLines((v) => typeof v === 'object' && v !== null && on.onFrame(v as RawStats), { onBad: on.onBad }))
      stream.on('error', () => undefined)
      stream.on('close', end)
      stream.on('end', end)
    })
    .catch(end)
  return ac
}
