import type { Rule } from '@smartcloudops/shared'
import { newId } from '../../auth/tokens'
import type { Db } from '../../db/client'
import { getModel } from '../../db/queries/models'
import { activeRolloutOfKind, changeRollout, insertRollout } from '../../db/queries/rollouts'
import { commitRuleset, currentRuleset, getRulesetVersion } from '../../db/queries/rulesets'
import type { RolloutKind, RolloutRow } from '../../db/schema'
import { badRequest, conflict, notFound } from '../../http/errors'
import type { ChangeBus } from '../change-bus'
import { checkRules } from '../rules-service'
import { checkStages, gateWith, type GateInput, type StageInput } from './stages'
import { abortMove, complete, isFinal, pauseMove, promoteMove, resumeMove, type Move } from './transitions'

export interface CreateRollout {
  kind: RolloutKind
  rules?: unknown[]
  ruleset_version?: number
  model_version?: string
  message?: string
  stages: StageInput[]
  gate?: GateInput
}

/** Tells every replica's desired-state pusher that what hosts should run changed. */
export async function publishRolloutChange(bus: ChangeBus, kind: RolloutKind): Promise<void> {
  await bus.publish({ kind: kind === 'ruleset' ? 'rules' : 'models' })
}

const activeConflict = (r: RolloutRow) =>
  conflict('rollout_in_progress', `${r.kind} rollout ${r.id} is ${r.state} at stage ${r.stageIndex + 1}/${r.stages.length}: promote, abort or wait for it first`)

/**
 * Starts a rollout at its first stage. A ruleset rollout takes `rules` (recorded as a new version
 * that is not current) or an existing `ruleset_version`; a model rollout an uploaded
 * `model_version`. The baseline is what runs now; one active rollout per kind.
 */
export async function createRollout(db: Db, bus: ChangeBus, input: CreateRollout, by: string, now = new Date()): Promise<RolloutRow> {
  const stages = checkStages(input.stages)
  const gate = gateWith(input.gate)
  const existing = await activeRolloutOfKind(db, input.kind)
  if (existing) throw activeConflict(existing)
  const base = { id: newId('rol'), kind: input.kind, state: 'running' as const, stages, gate, stageIndex: 0, stageStartedAt: now, createdBy: by, createdAt: now, updatedAt: now }
  let row: RolloutRow | undefined
  if (input.kind === 'ruleset') {
    if (input.model_version !== undefined) throw badRequest('invalid_rollout', 'body.model_version: a ruleset rollout takes rules or ruleset_version, not model_version')
    if ((input.rules === undefined) === (input.ruleset_version === undefined)) {
      throw badRequest('invalid_rollout', `body: a ruleset rollout takes rules (a new ruleset) or ruleset_version (an existing one), ${input.rules === undefined ? 'neither was given' : 'not both'}`)
    }
    const rules: Rule[] | undefined = input.rules === undefined ? undefined : checkRules(input.rules, 'body')
    const current = await currentRuleset(db)
    let to: number
    if (rules) {
      const v = await commitRuleset(db, { rules, author: by, message: input.message ?? `staged rollout`, staged: true, expectedVersion: current.version })
      if ('conflict' in v) throw conflict('ruleset_conflict', `the ruleset changed meanwhile (now version ${v.conflict}); retry`)
      to = v.version
    } else {
      const v = await getRulesetVersion(db, input.ruleset_version!)
      if (!v) throw badRequest('invalid_rollout', `body.ruleset_version: version ${input.ruleset_version} does not exist (GET /api/v1/rulesets lists them)`)
      to = v.version
    }
    if (to === current.version) throw badRequest('invalid_rollout', `body.ruleset_version: version ${to} is already the current ruleset: nothing to roll out`)
    row = await insertRollout(db, { ...base, fromRulesetVersion: current.version, toRulesetVersion: to, events: [{ at: now.toISOString(), event: 'started', stage: 1, by, detail: `ruleset ${current.version} → ${to}` }] })
  } else {
    if (input.rules !== undefined || input.ruleset_version !== undefined) throw badRequest('invalid_rollout', `body.${input.rules !== undefined ? 'rules' : 'ruleset_version'}: a model rollout takes model_version only`)
    if (input.model_version === undefined) throw badRequest('invalid_rollout', 'body.model_version: a model rollout needs the version of an uploaded model (POST /api/v1/models)')
    const m = await getModel(db, input.model_version)
    if (!m) throw badRequest('invalid_rollout', `body.model_version: model ${JSON.stringify(input.model_version)} is not registered (GET /api/v1/models lists them)`)
    row = await insertRollout(db, { ...base, toModelVersion: m.version, events: [{ at: now.toISOString(), event: 'started', stage: 1, by, detail: `model ${m.version}` }] })
  }
  if (!row) {
    const other = await activeRolloutOfKind(db, input.kind)
    throw other ? activeConflict(other) : conflict('rollout_in_progress', `another ${input.kind} rollout started meanwhile`)
  }
  await publishRolloutChange(bus, row.kind)
  return row
}

export type ManualAction = 'promote' | 'pause' | 'resume' | 'abort'

const allowedFrom: Record<ManualAction, RolloutRow['state'][]> = {
  promote: ['running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  abort: ['running', 'paused'],
}

/** An operator's promote / pause / resume / abort, under the rollout's row lock (so it never races the driver). */
export async function manualAction(db: Db, bus: ChangeBus, id: string, action: ManualAction, by: string, reason: string | undefined, now = new Date()): Promise<RolloutRow> {
  let refused: RolloutRow | undefined
  const res = await changeRollout(
    db,
    id,
    (row): Move | undefined => {
      if (!allowedFrom[action].includes(row.state)) {
        refused = row
        return undefined
      }
      if (action === 'promote') return promoteMove(row, now, by, reason ?? 'promoted by hand (gate skipped)')
      if (action === 'pause') return pauseMove(row, now, by, reason ?? 'paused by hand')
      if (action === 'resume') return resumeMove(row, now, by)
      return abortMove(row, now, by, reason ?? 'aborted by hand')
    },
    async (tx, row) => {
      if (row.state === 'completed') await complete(tx, row)
    },
  )
  if (!res) throw notFound('rollout', id)
  if (refused) {
    throw conflict(
      isFinal(refused.state) ? 'rollout_finished' : 'rollout_state',
      `rollout ${id} is ${refused.state}; ${action} needs it ${allowedFrom[action].join(' or ')}`,
    )
  }
  // Pause and resume change no host's version; the others do.
  if (action === 'promote' || action === 'abort') await publishRolloutChange(bus, res.row.kind)
  return res.row
}
