import type { Db } from '../db/client'
import { listActiveReleaseAssignments } from '../db/queries/agent-releases'
import { listActiveAssignments } from '../db/queries/models'
import { listActiveRollouts } from '../db/queries/rollouts'
import { listActiveOverrides } from '../db/queries/overrides'
import { currentRuleset } from '../db/queries/rulesets'
import { getSetting } from '../db/queries/settings'
import type { FleetInputs } from './desired-state'
import { loadRolloutInputs } from './rollouts/inputs'
import { pausedRules as loadPausedRules } from './rule-health'

export async function loadFleetInputs(db: Db): Promise<FleetInputs> {
  const [ruleset, overrides, remediationEnabled, runtimeConfig, modelAssignments, rollouts, releaseAssignments, pausedRules] = await Promise.all([
    currentRuleset(db),
    listActiveOverrides(db),
    getSetting(db, 'remediation_enabled'),
    getSetting(db, 'runtime_config'),
    listActiveAssignments(db),
    listActiveRollouts(db).then((rows) => loadRolloutInputs(db, rows)),
    listActiveReleaseAssignments(db),
    loadPausedRules(db),
  ])
  return { ruleset: { version: ruleset.version, rules: ruleset.rules }, overrides, remediationEnabled, runtimeConfig, modelAssignments, rollouts, releaseAssignments, pausedRules }
}
