import type { Db } from '../../db/client'
import { getModel } from '../../db/queries/models'
import { getRulesetVersion } from '../../db/queries/rulesets'
import type { RolloutRow } from '../../db/schema'
import { modelUrl } from '../model-assignment'
import type { RolloutInput } from './desired'

/** The new version's content for each active rollout (a version that vanished is skipped: nobody gets it). */
export async function loadRolloutInputs(db: Db, rows: readonly RolloutRow[]): Promise<RolloutInput[]> {
  const out: RolloutInput[] = []
  for (const r of rows) {
    const rollout = { id: r.id, kind: r.kind, stages: r.stages, stageIndex: r.stageIndex }
    if (r.kind === 'ruleset' && r.toRulesetVersion !== null) {
      const v = await getRulesetVersion(db, r.toRulesetVersion)
      if (v) out.push({ rollout, ruleset: { version: v.version, rules: v.rules } })
    } else if (r.kind === 'model' && r.toModelVersion !== null) {
      const m = await getModel(db, r.toModelVersion)
      if (m) out.push({ rollout, model: { version: m.version, sha256: m.sha256, size: m.size, url: modelUrl(m.version) } })
    }
  }
  return out
}
