import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { AgentMetrics } from '@smartcloudops/agent/metrics/agent-metrics'
import { openDatabase, type Database } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { createTestApp, type TestApp } from '@smartcloudops/control-plane/test-support/test-app'
import { dashboardExpressions, loadDashboard, seriesNames } from './dashboard-expressions'

// The dashboard in deploy/grafana/ against what /metrics really exposes. @grafana/schema ships
// TypeScript types only (no JSON Schema to validate a file with), so the structure Grafana's
// dashboard model requires is checked here field by field: uid, title, schemaVersion, a datasource
// variable, panels with unique ids, a type, a gridPos inside the 24-column grid, and targets with
// unique refIds and an expression.

let database: Database
let t: TestApp
const exposed = new Map<string, string>()

function readTypes(text: string): void {
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) exposed.set(m[1]!, m[2]!)
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' })
  await runMigrations(database)
  t = await createTestApp(database)
  await t.app.ready()
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.viewer}` } })
  readTypes(res.body)
  const agent = new AgentMetrics({ outboxDepth: () => 0, collectorHealth: () => ({}), connected: () => true })
  readTypes(await agent.registry.metrics())
})
afterAll(async () => {
  await t?.app.close()
  await database?.close()
})

describe('grafana dashboard', () => {
  test('has the structure of a Grafana dashboard model', () => {
    const d = loadDashboard()
    expect(d.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/)
    expect(d.title.length).toBeGreaterThan(0)
    expect(Number.isInteger(d.schemaVersion)).toBe(true)
    expect(d.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }))
    const ids = d.panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of d.panels) {
      expect(['row', 'stat', 'timeseries'], p.title).toContain(p.type)
      const g = p.gridPos
      expect([g.h, g.w, g.x, g.y].every(Number.isInteger), p.title).toBe(true)
      expect(g.x + g.w, p.title).toBeLessThanOrEqual(24)
      if (p.type === 'row') continue
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' })
      expect(p.targets?.length, p.title).toBeGreaterThan(0)
      const refs = p.targets!.map((x) => x.refId)
      expect(new Set(refs).size, p.title).toBe(refs.length)
    }
    // The four areas the dashboard is about.
    expect(d.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Fleet overview', 'Remediation activity', 'Anomaly scores and agents', 'Delivery health'])
  })

  test('every expression refers only to series the control plane or the agent exposes', () => {
    const exprs = dashboardExpressions()
    expect(exprs.length).toBeGreaterThan(20)
    const missing: string[] = []
    for (const expr of exprs) {
      const names = seriesNames(expr)
      expect(names.length, expr).toBeGreaterThan(0)
      for (const name of names) {
        const base = name.replace(/_(bucket|sum|count)$/, '')
        const ok = exposed.has(name) || (base !== name && exposed.get(base) === 'histogram')
        if (!ok) missing.push(`${name} (in ${expr})`)
      }
    }
    expect(missing).toEqual([])
  })
})
