import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Envelope } from '@smartcloudops/shared'

/**
 * The durable outbox: every event the agent produces (decision, action.*, alert, metrics.batch)
 * is appended here — and fsynced — BEFORE it is sent, and leaves only when the control plane
 * acknowledges its id. Delivery is at-least-once; the server stores by id, so history holds each
 * event once.
 *
 * On disk (one directory):
 *   seg-<n>.jsonl   append-only segments, one `{"seq":…,"env":{…}}` per line. A process only ever
 *                   appends to a segment it created, so a torn last line from a crash is left
 *                   behind, skipped on load, and never glued to a later record.
 *   removed.log     `a <id>` (acknowledged) / `d <id>` (dropped) lines. Not fsynced: losing its
 *                   tail only means re-sending events the server already stored (it acks again),
 *                   or once more an event it refused (it refuses again, and it is dropped again).
 * A segment is deleted once none of its entries is pending; removed.log is rewritten (tmp +
 * rename) with only the ids that still refer to live segments when it grows. Agents have written
 * this format (v1) since the first release: a directory of it is kept in
 * agent/test-fixtures/outbox-v1 and loaded by outbox.test.ts, so a change that cannot read it fails.
 *
 * Why one file above 300 lines: the format, its writer and its loader must change together.
 *
 * Bounded: past `maxEntries` pending events the OLDEST metrics batch is dropped (and counted);
 * decisions, actions and alerts are never dropped — they are rare and they are the audit trail.
 */

export interface OutboxEntry {
  seq: number
  id: string
  type: string
  env: Envelope
  segment: string
}

export interface OutboxOptions {
  maxEntries?: number
  segmentBytes?: number
  log?: Logger
}

interface SegmentInfo {
  live: Set<string>
  removed: Set<string>
}

const DROPPABLE = 'metrics.batch'
const SEG_RE = /^seg-(\d{12})\.jsonl$/

export class Outbox {
  private readonly pendingById = new Map<string, OutboxEntry>()
  /** Droppable entries in order, so the oldest one is found without a scan. */
  private readonly droppable = new Map<string, OutboxEntry>()
  private readonly segments = new Map<string, SegmentInfo>()
  private readonly removedLogPath: string
  private removedFd: number
  private removedLines = 0
  private active: { name: string; fd: number; bytes: number } | null = null
  private nextSeq = 1
  private nextSegment = 1
  private droppedCount = 0
  private refusedCount = 0
  private warnedOverflow = false
  private closed = false
  private readonly maxEntries: number
  private readonly segmentBytes: number
  private readonly log: Logger | undefined

  private constructor(
    readonly dir: string,
    opts: OutboxOptions,
  ) {
    this.maxEntries = opts.maxEntries ?? 10_000
    this.segmentBytes = opts.segmentBytes ?? 4 * 1024 * 1024
    this.log = opts.log
    this.removedLogPath = join(dir, 'removed.log')
    this.load()
    this.removedFd = openSync(this.removedLogPath, 'a', 0o600)
  }

  static open(dir: string, opts: OutboxOptions = {}): Outbox {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return new Outbox(dir, opts)
  }

  get depth(): number {
    return this.pendingById.size
  }

  /** Metrics batches dropped to stay within the bound since this process opened the outbox. */
  get dropped(): number {
    return this.droppedCount
  }

  /** Events removed with drop() (refused by the control plane for their content) since open. */
  get refused(): number {
    return this.refusedCount
  }

  /** Pending entries in the order they were appended. */
  pending(): OutboxEntry[] {
    return [...this.pendingById.values()]
  }

  /** The oldest pending entry (first appended), without copying the rest. */
  oldest(): OutboxEntry | undefined {
    return this.pendingById.values().next().value
  }

  has(id: string): boolean {
    return this.pendingById.has(id)
  }

  /** Durably appends an event (fsync before returning). The envelope id is the event id. */
  append(env: Envelope): OutboxEntry {
    this.assertOpen()
    if (this.pendingById.has(env.id)) return this.pendingById.get(env.id)!
    this.makeRoom()
    const seq = this.nextSeq++
    const line = JSON.stringify({ seq, env }) + '\n'
    const seg = this.activeSegment()
    const buf = Buffer.from(line)
    writeSync(seg.fd, buf)
    fsyncSync(seg.fd)
    seg.bytes += buf.length
    const entry: OutboxEntry = { seq, id: env.id, type: env.type, env, segment: seg.name }
    this.track(entry)
    if (seg.bytes >= this.segmentBytes) this.rollSegment()
    return entry
  }

  /** Removes acknowledged events; unknown ids (already removed, never ours) are ignored. */
  ack(ids: Iterable<string>): number {
    this.assertOpen()
    let n = 0
    for (const id of ids) if (this.remove(id, 'a')) n++
    this.maybeCompactRemovedLog()
    return n
  }

  /**
   * Removes an event the control plane refused for its content (it will never store it): logged
   * as dropped with the reason, and counted, so it is told apart from an acknowledged event.
   */
  drop(id: string, reason: string): boolean {
    this.assertOpen()
    const entry = this.pendingById.get(id)
    if (!entry || !this.remove(id, 'd')) return false
    this.refusedCount++
    this.log?.error({ id, type: entry.type, reason, refused: this.refusedCount }, 'dropped an event the control plane refused for good')
    this.maybeCompactRemovedLog()
    return true
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.active) closeSync(this.active.fd)
    this.active = null
    fsyncSync(this.removedFd)
    closeSync(this.removedFd)
  }

  private assertOpen(): void {
    if (this.closed) throw Object.assign(new Error('outbox is closed'), { code: 'outbox_closed' })
  }

  private makeRoom(): void {
    while (this.pendingById.size >= this.maxEntries) {
      const oldest = this.droppable.keys().next()
      if (oldest.done) {
        if (!this.warnedOverflow) {
          this.log?.warn({ depth: this.pendingById.size, max: this.maxEntries }, 'outbox over its bound with only decisions/actions pending; keeping them')
          this.warnedOverflow = true
        }
        return
      }
      this.remove(oldest.value, 'd')
      this.droppedCount++
      this.log?.warn({ id: oldest.value, dropped: this.droppedCount }, 'outbox full: dropped the oldest metrics batch')
    }
    this.warnedOverflow = false
  }

  private remove(id: string, mark: 'a' | 'd'): boolean {
    const entry = this.pendingById.get(id)
    if (!entry) return false
    writeSync(this.removedFd, `${mark} ${id}\n`)
    this.removedLines++
    this.pendingById.delete(id)
    this.droppable.delete(id)
    const seg = this.segments.get(entry.segment)
    if (seg) {
      seg.live.delete(id)
      seg.removed.add(id)
      if (seg.live.size === 0 && this.active?.name !== entry.segment) this.deleteSegment(entry.segment)
    }
    return true
  }

  private track(entry: OutboxEntry): void {
    this.pendingById.set(entry.id, entry)
    if (entry.type === DROPPABLE) this.droppable.set(entry.id, entry)
    let seg = this.segments.get(entry.segment)
    if (!seg) {
      seg = { live: new Set(), removed: new Set() }
      this.segments.set(entry.segment, seg)
    }
    seg.live.add(entry.id)
  }

  private activeSegment(): { name: string; fd: number; bytes: number } {
    if (!this.active) {
      const name = `seg-${String(this.nextSegment++).padStart(12, '0')}.jsonl`
      const fd = openSync(join(this.dir, name), 'wx', 0o600)
      this.fsyncDir()
      this.active = { name, fd, bytes: 0 }
      this.segments.set(name, { live: new Set(), removed: new Set() })
    }
    return this.active
  }

  private rollSegment(): void {
    if (!this.active) return
    const { name, fd } = this.active
    closeSync(fd)
    this.active = null
    if (this.segments.get(name)?.live.size === 0) this.deleteSegment(name)
  }

  private deleteSegment(name: string): void {
    try {
      unlinkSync(join(this.dir, name))
    } catch (err) {
      this.log?.warn({ err, segment: name }, 'could not delete a drained outbox segment')
    }
    this.segments.delete(name)
  }

  private maybeCompactRemovedLog(): void {
    let tracked = 0
    for (const s of this.segments.values()) tracked += s.removed.size
    if (this.removedLines < 1000 || this.removedLines < 2 * tracked) return
    const lines: string[] = []
    for (const s of this.segments.values()) for (const id of s.removed) lines.push(`a ${id}\n`)
    const tmp = `${this.removedLogPath}.tmp`
    writeFileSync(tmp, lines.join(''), { mode: 0o600 })
    const fd = openSync(tmp, 'r+')
    fsyncSync(fd)
    closeSync(fd)
    closeSync(this.removedFd)
    renameSync(tmp, this.removedLogPath)
    this.fsyncDir()
    this.removedFd = openSync(this.removedLogPath, 'a', 0o600)
    this.removedLines = lines.length
  }

  private fsyncDir(): void {
    try {
      const fd = openSync(this.dir, 'r')
      fsyncSync(fd)
      closeSync(fd)
    } catch {
      // Some filesystems refuse fsync on directories; the data files themselves are fsynced.
    }
  }

  private load(): void {
    const removed = new Set<string>()
    if (existsSync(this.removedLogPath)) {
      const text = readFileSync(this.removedLogPath, 'utf8')
      for (const line of text.split('\n')) {
        if (line.length > 2 && (line[0] === 'a' || line[0] === 'd') && line[1] === ' ') removed.add(line.slice(2))
        if (line) this.removedLines++
      }
    }
    const names = readdirSync(this.dir).filter((n) => SEG_RE.test(n)).sort()
    const loaded: OutboxEntry[] = []
    const seen = new Set<string>()
    for (const name of names) {
      const counter = Number(SEG_RE.exec(name)![1])
      this.nextSegment = Math.max(this.nextSegment, counter + 1)
      const text = readFileSync(join(this.dir, name), 'utf8')
      const lines = text.split('\n')
      const info: SegmentInfo = { live: new Set(), removed: new Set() }
      this.segments.set(name, info)
      lines.forEach((line, i) => {
        if (!line) return
        let rec: { seq?: unknown; env?: Envelope }
        try {
          rec = JSON.parse(line) as typeof rec
        } catch {
          // The last line of a segment may be torn by a crash mid-write: that event's append never
          // returned, so nobody was told it exists. Anything else is corruption worth a warning.
          if (i !== lines.length - 1) this.log?.warn({ segment: name, line: i + 1 }, 'skipping a corrupt outbox record')
          return
        }
        if (typeof rec.seq !== 'number' || !rec.env || typeof rec.env.id !== 'string' || typeof rec.env.type !== 'string') {
          this.log?.warn({ segment: name, line: i + 1 }, 'skipping a malformed outbox record')
          return
        }
        this.nextSeq = Math.max(this.nextSeq, rec.seq + 1)
        const id = rec.env.id
        if (removed.has(id)) {
          info.removed.add(id)
          return
        }
        if (seen.has(id)) return
        seen.add(id)
        loaded.push({ seq: rec.seq, id, type: rec.env.type, env: rec.env, segment: name })
      })
    }
    loaded.sort((a, b) => a.seq - b.seq)
    for (const e of loaded) this.track(e)
    for (const [name, info] of [...this.segments]) {
      if (info.live.size === 0) this.deleteSegment(name)
    }
    // A new process never appends to an old segment (see the header): a fresh one starts lazily.
  }
}
