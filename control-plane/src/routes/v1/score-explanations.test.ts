import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'

describeEachBackend('anomaly score explanations in the API', (get) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(get())
    await t.app.ready()
  })
  afterAll(async () => {
    await t.app.close()
  })

  test('a sample keeps the metrics that drove its score; decisions that used the score show them, others do not', async () => {
    const h = await enrollHost(get().db, { hostname: 'explain-1', labels: {} })
    const ts = Date.now() - 60_000
    const drivers = [
      { metric: 'memory_percent', contribution: 0.71 },
      { metric: 'swap_percent', contribution: 0.2 },
      { metric: 'cpu_percent', contribution: 0.05 },
    ]
    await ingestEvent(get().db, h.id, 'evt-expl-0001', {
      type: 'metrics.batch',
      payload: {
        samples: [
          { ts, metrics: { memory_percent: 97, ml_anomaly_score: 0.9991 }, explanation: drivers, model_version: 'scops-anomaly-1.4.0' },
          { ts: ts + 30_000, metrics: { memory_percent: 60 } },
        ],
      },
    })
    const m = (await t.call('GET', `/api/v1/hosts/${h.id}/metrics`, undefined, t.viewer)).json.data
    expect(m.samples).toHaveLength(2)
    expect(m.samples[1]).toMatchObject({ anomaly_score: 0.9991, explanation: drivers })
    expect(m.samples[0].explanation).toBeNull()

    const condition = (metric: string, threshold: number, observed: number) => ({ metric, operator: 'gt', threshold, observed, held: true })
    const decision = (id: string, conditions: unknown[]) => ({
      type: 'decision' as const,
      payload: {
        decision_id: id,
        rule: id === 'dec-expl-0001' ? 'Critical System Failure' : 'High Memory Usage',
        priority: 0,
        ruleset_version: 1,
        sample_ts: ts,
        outcome: 'dry_run' as const,
        suppressed_by: 'override_dry_run' as const,
        override_mode: 'dry_run' as const,
        reason: 'test',
        conditions: conditions as never,
        actions: [],
      },
    })
    await ingestEvent(get().db, h.id, 'evt-expl-0002', decision('dec-expl-0001', [condition('memory_percent', 95, 97), condition('ml_anomaly_score', 0.9, 0.9991)]))
    await ingestEvent(get().db, h.id, 'evt-expl-0003', decision('dec-expl-0002', [condition('memory_percent', 90, 97)]))
    const d = (await t.call('GET', `/api/v1/hosts/${h.id}/decisions`, undefined, t.viewer)).json.data
    const byId = Object.fromEntries(d.decisions.map((x: { id: string }) => [x.id, x]))
    expect(byId['dec-expl-0001'].score_explanation).toEqual(drivers)
    expect(byId['dec-expl-0002'].score_explanation).toBeNull()
  })
})
