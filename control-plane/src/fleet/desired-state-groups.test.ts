import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'
import type { ActiveAssignment } from '../db/queries/models'
import type { OverrideRow } from '../db/schema'
import { contentHash, desiredContent, type FleetInputs } from './desired-state'
import { groupSnapshots, type DesiredHost } from './desired-state-groups'

let n = 0
function ovr(p: Partial<OverrideRow> & Pick<OverrideRow, 'scope' | 'mode'>): OverrideRow {
  n += 1
  return { id: `ovr_${n}`, selector: {}, requirements: null, reason: 'r', author: 'a', createdAt: new Date(1_000 + n), expiresAt: null, clearedAt: null, clearedBy: null, ...p }
}
function assignment(p: Pick<ActiveAssignment, 'scope' | 'selector' | 'modelVersion'>): ActiveAssignment {
  n += 1
  return { id: `ma_${n}`, requirements: null, author: 'a', createdAt: new Date(1_000 + n), clearedAt: null, clearedBy: null, sha256: 'a'.repeat(64), size: 10, ...p }
}
const rules = [...defaultRules, { ...defaultRules[2]!, name: 'only h3', scope: { hosts: ['h3'] } }]
const config = { interval_s: 30, buffer_size: 10, monitoring: true, verify_window: '60s', action_timeout: '30s' }

function fleet(overrides: OverrideRow[], modelAssignments: ActiveAssignment[] = []): FleetInputs {
  return { ruleset: { version: 7, rules }, overrides, remediationEnabled: true, runtimeConfig: config, modelAssignments }
}

const arbHost = fc.record({
  id: fc.constantFrom('h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'),
  labels: fc.record({ env: fc.constantFrom('prod', 'staging') }, { requiredKeys: [] }),
  configPatch: fc.constantFrom({}, { interval_s: 5 }, { interval_s: 0 }),
})
const arbFleet = fc.constantFrom(
  fleet([]),
  fleet([ovr({ scope: 'fleet', mode: 'paused' })]),
  fleet([ovr({ scope: 'group', mode: 'dry_run', selector: { env: 'prod' } }), ovr({ scope: 'host', mode: 'paused', selector: { host_id: 'h2' } })]),
  fleet([], [assignment({ scope: 'host', selector: { host_id: 'h5' }, modelVersion: 'm-2' }), assignment({ scope: 'group', selector: { env: 'staging' }, modelVersion: 'm-1' })]),
  // A staged rollout at a 50 % stage: hosts with the same labels run different rulesets and models.
  {
    ...fleet([]),
    rollouts: [
      { rollout: { id: 'rol_r', kind: 'ruleset' as const, stages: [{ percent: 50, soak_s: 60 }, { percent: 100, soak_s: 60 }], stageIndex: 0 }, ruleset: { version: 8, rules: rules.slice(0, 2) } },
      { rollout: { id: 'rol_m', kind: 'model' as const, stages: [{ percent: 50, soak_s: 60 }, { percent: 100, soak_s: 60 }], stageIndex: 0 }, model: { version: 'm-3', sha256: 'b'.repeat(64), size: 11, url: '/m-3' } },
    ],
  },
)

describe('desired-state groups', () => {
  test('every host gets exactly the snapshot computed for it alone, whatever the fleet and its hosts', () => {
    fc.assert(
      fc.property(arbFleet, fc.uniqueArray(arbHost, { selector: (h) => h.id, maxLength: 8 }), (f, raw) => {
        const hosts: DesiredHost[] = raw.map((h) => ({ ...h, desiredHash: null, desiredRevision: 0 }))
        const groups = groupSnapshots(f, hosts, 5_000)
        expect(groups.flatMap((g) => g.hosts.map((h) => h.id)).sort()).toEqual(hosts.map((h) => h.id).sort())
        for (const g of groups) {
          for (const h of g.hosts) {
            const alone = { ...desiredContent(f, h, 5_000), host_id: '' }
            expect(g.content).toEqual(alone)
            expect(g.hash).toBe(contentHash(alone))
          }
        }
        // One group per distinct content.
        expect(new Set(groups.map((g) => g.hash)).size).toBe(groups.length)
      }),
      { numRuns: 300 },
    )
  })

  test('a fleet-wide pause over 10,000 alike hosts is one group, computed once', () => {
    const hosts: DesiredHost[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `host_${i}`, labels: { env: 'prod' }, configPatch: {}, desiredHash: null, desiredRevision: 0 }))
    const groups = groupSnapshots(fleet([ovr({ scope: 'fleet', mode: 'paused' })]), hosts)
    expect(groups).toHaveLength(1)
    expect(groups[0]!.content.override.mode).toBe('paused')
    expect(groups[0]!.hosts).toHaveLength(10_000)
  })
})
