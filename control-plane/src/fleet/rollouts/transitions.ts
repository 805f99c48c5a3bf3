import type { Db } from '../../db/client'
import { createAssignment } from '../../db/queries/models'
import type { RolloutPatch } from '../../db/queries/rollouts'
import { makeRulesetCurrent } from '../../db/queries/rollouts'
import type { RolloutEvent, RolloutRow } from '../../db/schema'

/**
 * The rollout state machine's moves, as row changes. Pure except `complete`, which puts the new
 * version in place for the whole fleet in the transaction that marks the rollout completed.
 *
 *   running ──soak over, gate holds──▶ running (next stage) … ──last stage──▶ completed
 *   running ──gate breaks──▶ rolled_back          running|paused ──abort──▶ aborted
 *   running ──pause──▶ paused ──resume──▶ running (the stage's soak starts again)
 *   running|paused ──promote──▶ next stage / completed (gate skipped; audited)
 */
export interface Move {
  patch: RolloutPatch
  event: RolloutEvent
  /** Set when the move completes the rollout: run `complete` in the same transaction. */
  completes?: boolean
}

const ev = (row: RolloutRow, at: Date, event: string, by: string, detail?: string): RolloutEvent => ({
  at: at.toISOString(),
  event,
  stage: row.stageIndex + 1,
  by,
  ...(detail ? { detail } : {}),
})

export function promoteMove(row: RolloutRow, at: Date, by: string, detail?: string): Move {
  if (row.stageIndex + 1 >= row.stages.length) {
    return { patch: { state: 'completed', finishedAt: at, reason: null }, event: ev(row, at, 'completed', by, detail), completes: true }
  }
  return {
    patch: { state: 'running', stageIndex: row.stageIndex + 1, stageStartedAt: at, reason: null },
    event: { ...ev(row, at, 'promoted', by, detail), stage: row.stageIndex + 2 },
  }
}

export function rollbackMove(row: RolloutRow, at: Date, reason: string): Move {
  return { patch: { state: 'rolled_back', finishedAt: at, reason }, event: ev(row, at, 'rolled_back', 'gate', reason) }
}

export function pauseMove(row: RolloutRow, at: Date, by: string, reason: string): Move {
  return { patch: { state: 'paused', reason }, event: ev(row, at, 'paused', by, reason) }
}

export function resumeMove(row: RolloutRow, at: Date, by: string): Move {
  return { patch: { state: 'running', stageStartedAt: at, reason: null }, event: ev(row, at, 'resumed', by) }
}

export function abortMove(row: RolloutRow, at: Date, by: string, reason: string): Move {
  return { patch: { state: 'aborted', finishedAt: at, reason }, event: ev(row, at, 'aborted', by, reason) }
}

/** The new version becomes everyone's: the current ruleset, or the fleet's model assignment. */
export async function complete(tx: Db, row: RolloutRow): Promise<void> {
  const by = `rollout ${row.id}`
  if (row.kind === 'ruleset' && row.toRulesetVersion !== null) await makeRulesetCurrent(tx, row.toRulesetVersion, by)
  if (row.kind === 'model' && row.toModelVersion !== null) await createAssignment(tx, { scope: 'fleet', selector: {}, requirements: null, modelVersion: row.toModelVersion, author: by })
}

export const isFinal = (state: RolloutRow['state']) => state !== 'running' && state !== 'paused'
