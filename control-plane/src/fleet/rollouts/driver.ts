import type { FastifyBaseLogger } from 'fastify'
import { newId } from '../../auth/tokens'
import type { Db } from '../../db/client'
import { changeRollout, insertRolloutAlert, withUnlockedActiveRollouts } from '../../db/queries/rollouts'
import type { RolloutKind, RolloutRow } from '../../db/schema'
import type { ChangeBus } from '../change-bus'
import { advance } from './advance'
import { publishRolloutChange } from './service'
import { complete } from './transitions'

export interface RolloutDriverOptions {
  /** How often active rollouts are looked at (default 10 s). */
  tickMs?: number
  /** The clock: tests move it instead of waiting for soaks. */
  now?: () => Date
  /** A rollback raised an alert: deliver it now. */
  onAlert?: () => void
}

export interface TickOutcome {
  id: string
  state: RolloutRow['state']
  stage: number
  event?: string
}

/**
 * The loop that moves rollouts on: every replica runs one, and each tick locks the active rollouts
 * with `FOR UPDATE SKIP LOCKED`, so exactly one replica advances a given rollout at a time (a
 * replica that finds it locked skips it). All state is the row; a replica that dies mid-tick
 * leaves its transaction uncommitted and the next tick, anywhere, starts again from the row.
 */
export class RolloutDriver {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> = Promise.resolve()
  /** The driver's clock; the API stamps manual moves with it too, so soaks are measured on one clock. */
  readonly now: () => Date

  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly log: FastifyBaseLogger,
    private readonly opts: RolloutDriverOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date())
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.running = this.tick().catch((err) => this.log.error({ err }, 'rollout tick failed'))
    }, this.opts.tickMs ?? 10_000)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }

  /** One pass over the active rollouts this replica could lock. */
  async tick(): Promise<TickOutcome[]> {
    const now = this.now()
    const changed = new Set<RolloutKind>()
    let alerted = false
    const outcomes = await withUnlockedActiveRollouts(this.db, async (tx, rows) => {
      const out: TickOutcome[] = []
      for (const row of rows) {
        const step = await advance(tx, row, now)
        const res = await changeRollout(
          tx,
          row.id,
          () => (step.move ? { patch: { ...step.move.patch, ...(step.report ? { lastGate: { ...step.report } } : {}) }, event: step.move.event } : step.report ? { patch: { lastGate: { ...step.report } } } : undefined),
          async (t, updated) => {
            if (updated.state === 'completed' && step.move?.completes) await complete(t, updated)
            if (updated.state === 'rolled_back' && step.worstHost) {
              await insertRolloutAlert(t, {
                id: newId('alt'),
                hostId: step.worstHost.id,
                summary: `rollout ${updated.id} of ${subject(updated)} rolled back at stage ${row.stageIndex + 1}/${row.stages.length}`,
                detail: updated.reason ?? '',
                at: now,
              })
              alerted = true
            }
          },
        )
        if (step.move && res?.changed) {
          changed.add(row.kind)
          this.log.info({ rollout: row.id, event: step.move.event.event, stage: step.move.event.stage, detail: step.move.event.detail }, 'rollout moved')
        }
        out.push({ id: row.id, state: res?.row.state ?? row.state, stage: (res?.row.stageIndex ?? row.stageIndex) + 1, ...(step.move ? { event: step.move.event.event } : {}) })
      }
      return out
    })
    // After the commit: other replicas read the new row when the change reaches them.
    for (const kind of changed) await publishRolloutChange(this.bus, kind)
    if (alerted) this.opts.onAlert?.()
    return outcomes
  }
}

function subject(r: RolloutRow): string {
  return r.kind === 'ruleset' ? `ruleset ${r.fromRulesetVersion} → ${r.toRulesetVersion}` : `model ${r.toModelVersion}`
}
