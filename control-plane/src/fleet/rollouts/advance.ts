import type { Db } from '../../db/client'
import { listActiveAssignments } from '../../db/queries/models'
import { eventCountsByHost, rolloutHosts, type RolloutHost } from '../../db/queries/rollouts'
import type { RolloutRow } from '../../db/schema'
import { modelRolloutCovers } from './desired'
import { evaluateGate, type GateVerdict, type GroupCounts } from './gate'
import { firstStageOf } from './membership'
import { describeStage } from './stages'
import { pauseMove, promoteMove, rollbackMove, type Move } from './transitions'

/** Where each covered host stands in a rollout, and the two groups the gate compares. */
export interface RolloutPopulation {
  covered: { host: RolloutHost; firstStage: number | undefined }[]
  /** Hosts of the stages up to the current one (they are sent the new version). */
  assigned: RolloutHost[]
  /** Hosts the current stage adds. */
  stageHosts: RolloutHost[]
  /** Assigned hosts that run the new version (acknowledged it, or tried and reported an error). */
  onNew: RolloutHost[]
  /** Covered hosts outside the stages so far that run the old version. */
  onOld: RolloutHost[]
  /** Assigned hosts that report an apply error and do not run the new version (a model that does not load). */
  failedToApply: RolloutHost[]
}

export async function population(db: Db, row: RolloutRow): Promise<RolloutPopulation> {
  const hosts = await rolloutHosts(db)
  const assignments = row.kind === 'model' ? await listActiveAssignments(db) : []
  const covered = hosts
    .filter((h) => row.kind !== 'model' || modelRolloutCovers(assignments, h))
    .map((host) => ({ host, firstStage: firstStageOf(row, host) }))
  const isNew = (h: RolloutHost) => (row.kind === 'ruleset' ? h.appliedRulesetVersion === row.toRulesetVersion : h.appliedModelVersion === row.toModelVersion)
  const isOld = (h: RolloutHost) => (row.kind === 'ruleset' ? h.appliedRulesetVersion === row.fromRulesetVersion : h.appliedModelVersion !== row.toModelVersion)
  const assigned = covered.filter((c) => c.firstStage !== undefined && c.firstStage <= row.stageIndex).map((c) => c.host)
  const assignedIds = new Set(assigned.map((h) => h.id))
  return {
    covered,
    assigned,
    stageHosts: covered.filter((c) => c.firstStage === row.stageIndex).map((c) => c.host),
    onNew: assigned.filter((h) => h.connectionState !== 'never' && (isNew(h) || h.applyError !== null)),
    onOld: covered.map((c) => c.host).filter((h) => !assignedIds.has(h.id) && h.connectionState !== 'never' && isOld(h)),
    // Only an error about the latest snapshot sent (which carries the new version): not a stale one.
    failedToApply: assigned.filter((h) => h.applyError !== null && !isNew(h) && h.appliedRevision === h.desiredRevision),
  }
}

async function countsOf(db: Db, hosts: RolloutHost[], from: Date, to: Date): Promise<GroupCounts> {
  const byHost = await eventCountsByHost(
    db,
    hosts.map((h) => h.id),
    from,
    to,
  )
  const c: GroupCounts = { hosts: hosts.length, actions: 0, failedVerifications: 0, agentErrors: 0, suppressions: 0 }
  for (const h of hosts) {
    const e = byHost.get(h.id)
    c.actions += e?.actions ?? 0
    c.failedVerifications += e?.failedVerifications ?? 0
    c.suppressions += e?.suppressions ?? 0
    c.agentErrors += (e?.failedActions ?? 0) + (h.applyError !== null ? 1 : 0)
  }
  return c
}

export interface GateReport extends GateVerdict {
  at: string
  window_from: string
  window_to: string
  /** old_hosts: hosts still on the old version, same window; before_rollout: the new group itself, over as long a window before the rollout began. */
  baseline: 'old_hosts' | 'before_rollout'
  note?: string
}

/** The gate over the current stage's soak so far: new-version hosts against old-version ones. */
export async function gateReport(db: Db, row: RolloutRow, pop: RolloutPopulation, now: Date): Promise<GateReport> {
  const from = row.stageStartedAt
  const fresh = await countsOf(db, pop.onNew, from, now)
  let baseline: GroupCounts
  let kind: GateReport['baseline'] = 'old_hosts'
  if (pop.onOld.length > 0) {
    baseline = await countsOf(db, pop.onOld, from, now)
  } else {
    // The last stage (or a fleet entirely in earlier stages): nobody is left on the old version, so
    // the new group is compared with its own behaviour before the rollout, over a window as long.
    kind = 'before_rollout'
    const len = Math.max(0, now.getTime() - from.getTime())
    baseline = await countsOf(db, pop.onNew, new Date(row.createdAt.getTime() - len), row.createdAt)
  }
  const verdict = evaluateGate(fresh, baseline, row.gate)
  return { at: now.toISOString(), window_from: from.toISOString(), window_to: now.toISOString(), baseline: kind, ...verdict }
}

export interface Advance {
  move?: Move
  report?: GateReport
  /** The failed stage's host that did the most (the rollback alert is raised on it). */
  worstHost?: RolloutHost
}

/**
 * One step of a running rollout at `now`: roll back when a host of the rollout cannot apply the
 * new version, or when the gate breaks (at any point of the soak: a broken canary should not keep
 * acting until the soak ends), promote when the soak is
 * over and the gate holds, else record the gate's figures. A canary selector that matches no
 * host pauses the rollout (a typo must not promote a release nobody tried); a percentage stage
 * that adds no host (1 % of a small fleet) is passed through.
 */
export async function advance(db: Db, row: RolloutRow, now: Date): Promise<Advance> {
  if (row.state !== 'running') return {}
  const pop = await population(db, row)
  const stage = row.stages[row.stageIndex]!
  if (pop.stageHosts.length === 0) {
    if (stage.selector !== undefined) {
      return { move: pauseMove(row, now, 'gate', `stage ${row.stageIndex + 1} (${describeStage(stage)}) matches no host: fix the labels, then resume, promote or abort`) }
    }
    return { move: promoteMove(row, now, 'gate', `stage ${row.stageIndex + 1} (${describeStage(stage)}) adds no host`) }
  }
  if (pop.failedToApply.length > 0) {
    // Not a matter of rates: a version a host cannot even run must not reach more hosts.
    const shown = pop.failedToApply.slice(0, 3).map((h) => `${h.hostname}: ${h.applyError}`)
    const more = pop.failedToApply.length > 3 ? ` (and ${pop.failedToApply.length - 3} more)` : ''
    const reason = `stage ${row.stageIndex + 1}/${row.stages.length} (${describeStage(stage)}): ${pop.failedToApply.length} host(s) could not apply the new version: ${shown.join('; ')}${more}`
    return { move: rollbackMove(row, now, reason), worstHost: pop.failedToApply[0]! }
  }
  const report = await gateReport(db, row, pop, now)
  if (!report.ok) {
    const counts = await eventCountsByHost(
      db,
      pop.onNew.map((h) => h.id),
      row.stageStartedAt,
      now,
    )
    const worstHost = [...pop.onNew].sort((a, b) => (counts.get(b.id)?.actions ?? 0) - (counts.get(a.id)?.actions ?? 0))[0]
    const reason = `stage ${row.stageIndex + 1}/${row.stages.length} (${describeStage(stage)}, ${report.new_hosts} host(s) on the new version vs ${report.old_hosts} on the old) broke its gate: ${report.breaches.join('; ')}`
    return { move: rollbackMove(row, now, reason), report, ...(worstHost ? { worstHost } : {}) }
  }
  const soakOver = now.getTime() - row.stageStartedAt.getTime() >= stage.soak_s * 1000
  if (!soakOver) return { report }
  if (report.new_hosts === 0) return { report: { ...report, note: 'soak over, waiting for a host of this stage to run the new version before promoting' } }
  return { move: promoteMove(row, now, 'gate', `soak of ${stage.soak_s} s over, gate held`), report }
}
