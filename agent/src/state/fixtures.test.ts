import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Compile } from 'typebox/compile'
import { afterAll, describe, expect, it } from 'vitest'
import { DesiredState } from '@smartcloudops/shared'
import { evaluate } from '@smartcloudops/shared/rules/engine'
import { readRuleState } from '@smartcloudops/shared/rules/state'
import { createDetector, type DetectorEvent } from '../detect/detector'
import { StoredCredential } from '../link/credential'
import { FileStateStore } from './file-store'

// State directories written by older agents (agent/test-fixtures/state/README.md), read through
// today's store: an upgrade must keep the credential, the rules, the cooldowns and the baselines.

const fixtures = fileURLToPath(new URL('../../test-fixtures/state/v0.1', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'scops-state-fixture-'))
cpSync(fixtures, dir, { recursive: true })
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const store = new FileStateStore(dir)

describe('state written by agent 0.1', () => {
  it('keeps the credential and the cached desired state valid under today\'s schemas', () => {
    expect(Compile(StoredCredential).Check(store.read('credential'))).toBe(true)
    const ds = store.read('desired-state')
    expect(Compile(DesiredState).Check(ds)).toBe(true)
    expect((ds as DesiredState).ruleset.rules.map((r) => r.name)).toEqual(['High CPU', 'Low Resource Utilization'])
  })

  it('keeps the engine state: the rule that fired is still in its cooldown after the upgrade', () => {
    const raw = store.read('engine-state') as Record<string, unknown>
    const high = readRuleState(raw['High CPU'])
    expect(high.live.last_fired).not.toBeNull()
    const ds = store.read('desired-state') as DesiredState
    const ctx = { host: { id: ds.host_id, labels: {} }, mode: 'enabled' as const, remediationEnabled: true }
    const fiveMinutesLater = high.live.last_fired! + 5 * 60_000
    const soon = evaluate(ds.ruleset.rules, raw as never, { ts: fiveMinutesLater, metrics: { cpu_percent: 99 } }, fiveMinutesLater, ctx)
    expect(soon.evaluations.find((e) => e.rule === 'High CPU')).toMatchObject({ fired: true, suppressed_by: 'cooldown' })
    const afterCooldown = high.live.last_fired! + 11 * 60_000
    const later = evaluate(ds.ruleset.rules, raw as never, { ts: afterCooldown, metrics: { cpu_percent: 99 } }, afterCooldown, ctx)
    expect(later.evaluations.find((e) => e.rule === 'High CPU')).toMatchObject({ fired: true, outcome: 'execute' })
  })

  it('keeps the detector baseline: the default model accepts it without starting fresh', async () => {
    const events: DetectorEvent[] = []
    const d = await createDetector({ onEvent: (e) => events.push(e) })
    try {
      d.importState(store.read('detector-state'))
      // If this fails after a deliberate feature-version change: upgraded hosts lose their
      // baselines. Say so in the release notes and add a new fixture directory (README there).
      expect(events, 'the 0.1 detector state (model 1.4.0, feature version 2) no longer imports').toEqual([])
      // 80 samples of history were saved: past the detector's warm-up, so the next sample is scored,
      // where a detector without that history (below) still returns no score.
      const sample = { cpu_percent: 22, memory_percent: 41, disk_percent: 55, load_1m: 0.6 }
      expect(await d.score(sample, 1_764_603_000_000)).not.toBeNull()
      const fresh = await createDetector()
      try {
        expect(await fresh.score(sample, 1_764_603_000_000)).toBeNull()
      } finally {
        await fresh.close()
      }
    } finally {
      await d.close()
    }
  })
})
