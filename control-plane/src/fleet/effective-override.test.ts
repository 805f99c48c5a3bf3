import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { OverrideRow } from '../db/schema'
import { parseLabelSelector } from '@smartcloudops/shared/label-selector'
import { effectiveOverride } from './effective-override'
import { canonicalRequirements } from './selector'

let n = 0
function ovr(p: Partial<OverrideRow> & Pick<OverrideRow, 'scope' | 'mode'>): OverrideRow {
  n += 1
  return {
    id: `ovr_${n}`,
    selector: {},
    requirements: null,
    reason: 'r',
    author: 'a',
    createdAt: new Date(1_000 + n),
    expiresAt: null,
    clearedAt: null,
    clearedBy: null,
    ...p,
  }
}
const web = { id: 'h1', labels: { env: 'prod', role: 'web' } }

describe('effective override', () => {
  test('no override: enabled by default', () => {
    expect(effectiveOverride([], web)).toEqual({ mode: 'enabled', scope: 'default' })
  })
  test('a fleet pause beats a host-level enable', () => {
    const e = effectiveOverride([ovr({ scope: 'fleet', mode: 'paused' }), ovr({ scope: 'host', mode: 'enabled', selector: { host_id: 'h1' } })], web)
    expect(e).toMatchObject({ mode: 'paused', scope: 'fleet' })
  })
  test('a group override applies only to hosts whose labels match', () => {
    const g = ovr({ scope: 'group', mode: 'dry_run', selector: { role: 'web' } })
    expect(effectiveOverride([g], web).mode).toBe('dry_run')
    expect(effectiveOverride([g], { id: 'h2', labels: { role: 'db' } }).mode).toBe('enabled')
  })
  test('a set-based group override applies by its stored terms, hosts without the label included for notin', () => {
    const g = ovr({ scope: 'group', mode: 'paused', requirements: canonicalRequirements(parseLabelSelector('role in (web,api),env notin (dev)')) })
    expect(effectiveOverride([g], web).mode).toBe('paused')
    expect(effectiveOverride([g], { id: 'h3', labels: { role: 'api' } }).mode).toBe('paused')
    expect(effectiveOverride([g], { id: 'h4', labels: { role: 'web', env: 'dev' } }).mode).toBe('enabled')
    expect(effectiveOverride([g], { id: 'h5', labels: { role: 'db', env: 'prod' } }).mode).toBe('enabled')
    const noCanary = ovr({ scope: 'group', mode: 'dry_run', requirements: canonicalRequirements(parseLabelSelector('!canary')) })
    expect(effectiveOverride([noCanary], web).mode).toBe('dry_run')
    expect(effectiveOverride([noCanary], { id: 'h6', labels: { canary: '' } }).mode).toBe('enabled')
  })
  test('a host override applies only to its host', () => {
    const h = ovr({ scope: 'host', mode: 'paused', selector: { host_id: 'h2' } })
    expect(effectiveOverride([h], web).mode).toBe('enabled')
  })
  test('expired and cleared overrides are ignored', () => {
    const now = 10_000
    const list = [
      ovr({ scope: 'fleet', mode: 'paused', expiresAt: new Date(now - 1) }),
      ovr({ scope: 'fleet', mode: 'paused', clearedAt: new Date(now - 5) }),
      ovr({ scope: 'fleet', mode: 'dry_run', expiresAt: new Date(now + 1) }),
    ]
    expect(effectiveOverride(list, web, now)).toMatchObject({ mode: 'dry_run', expires_at: now + 1 })
  })
  test('property: the result is as restrictive as the most restrictive applicable override', () => {
    const modes = ['enabled', 'dry_run', 'paused'] as const
    const rank = { enabled: 0, dry_run: 1, paused: 2 }
    fc.assert(
      fc.property(
        fc.array(fc.record({ scope: fc.constantFrom('fleet', 'group', 'host' as const), mode: fc.constantFrom(...modes), match: fc.boolean() }), {
          maxLength: 8,
        }),
        (specs) => {
          const list = specs.map((s) =>
            ovr({
              scope: s.scope,
              mode: s.mode,
              selector: s.scope === 'host' ? { host_id: s.match ? 'h1' : 'hx' } : s.scope === 'group' ? { role: s.match ? 'web' : 'db' } : {},
            }),
          )
          const applicable = specs.filter((s) => s.scope === 'fleet' || s.match)
          const want = applicable.reduce((m, s) => Math.max(m, rank[s.mode]), 0)
          expect(rank[effectiveOverride(list, web).mode]).toBe(want)
        },
      ),
    )
  })
})
