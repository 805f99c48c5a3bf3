import { describe, expect, it } from 'vitest'
import { toSeconds } from '../duration'
import type { MetricValues } from '../metrics'
import { defaultRules } from './defaults'
import { type EngineContext, evaluate } from './engine'
import type { Operator } from './schema'
import { validateRuleset } from './validate'

const ctx: EngineContext = { host: { id: 'host-1', labels: {} }, mode: 'enabled', remediationEnabled: true }

/**
 * The report's table, written out by hand from reference/phase4-report.md (not from defaults.ts):
 * conditions with their operators and thresholds, the actions in order, the cooldown, plus a sample
 * in which every condition holds comfortably.
 */
const report: {
  name: string
  priority: number
  conditions: [string, Operator, number][]
  actions: string[]
  cooldownSeconds: number
  holding: MetricValues
}[] = [
  {
    name: 'Critical System Failure',
    priority: 0,
    conditions: [
      ['cpu_percent', 'gt', 95],
      ['memory_percent', 'gt', 95],
      ['ml_anomaly_score', 'gt', 0.9],
    ],
    actions: ['emergency_shutdown', 'send_alert'],
    cooldownSeconds: 60,
    holding: { cpu_percent: 99, memory_percent: 98, ml_anomaly_score: 0.97 },
  },
  {
    name: 'Service Unresponsive',
    priority: 1,
    conditions: [
      ['response_time', 'gt', 5],
      ['error_rate', 'gt', 0.1],
    ],
    actions: ['restart_service', 'send_alert'],
    cooldownSeconds: 180,
    holding: { response_time: 12, error_rate: 0.5 },
  },
  {
    name: 'High CPU Usage',
    priority: 2,
    conditions: [
      ['cpu_percent', 'gt', 90],
      ['ml_anomaly_score', 'gt', 0.8],
    ],
    actions: ['scale_up', 'send_alert'],
    cooldownSeconds: 600,
    holding: { cpu_percent: 94, ml_anomaly_score: 0.9 },
  },
  {
    name: 'High Memory Usage',
    priority: 2,
    conditions: [
      ['memory_percent', 'gt', 85],
      ['ml_anomaly_score', 'gt', 0.7],
    ],
    actions: ['clear_cache', 'send_alert'],
    cooldownSeconds: 300,
    holding: { memory_percent: 90, ml_anomaly_score: 0.8 },
  },
  {
    name: 'Low Resource Utilization',
    priority: 3,
    conditions: [
      ['cpu_percent', 'lt', 20],
      ['memory_percent', 'lt', 30],
    ],
    actions: ['scale_down'],
    cooldownSeconds: 900,
    holding: { cpu_percent: 5, memory_percent: 10 },
  },
]

/** Evaluate one default rule alone on a fresh state. */
function run(name: string, metrics: MetricValues) {
  const rule = defaultRules.find((r) => r.name === name)!
  const { evaluations } = evaluate([rule], {}, { ts: 0, metrics }, 1_000, ctx)
  return evaluations[0]!
}

describe('the five default rules of the report', () => {
  it('are exactly the report’s rules, in priority order, and valid', () => {
    expect(defaultRules.map((r) => r.name)).toEqual(report.map((r) => r.name))
    for (const want of report) {
      const got = defaultRules.find((r) => r.name === want.name)!
      expect(got.priority).toBe(want.priority)
      expect(got.conditions.map((c) => [c.metric, c.operator, c.threshold])).toEqual(want.conditions)
      expect(got.actions.map((a) => a.type)).toEqual(want.actions)
      expect(toSeconds(got.cooldown)).toBe(want.cooldownSeconds)
      expect(got.enabled).not.toBe(false)
    }
    expect(validateRuleset(defaultRules).ok).toBe(true)
  })

  it('are frozen, so nobody changes everyone’s defaults by accident', () => {
    expect(Object.isFrozen(defaultRules[0]!.conditions[0])).toBe(true)
  })

  describe.each(report)('$name', (want) => {
    it('fires when every condition holds', () => {
      const e = run(want.name, want.holding)
      expect(e.fired).toBe(true)
      expect(e.outcome).toBe('execute')
      expect(e.actions.map((a) => a.type)).toEqual(want.actions)
    })

    // For each condition: just past the threshold fires; at the threshold and on the wrong side
    // does not (strict gt/lt as the report's ">" and "<" say); missing does not, and says so.
    describe.each(want.conditions.map(([metric, op, threshold]) => ({ metric, op, threshold })))(
      'condition $metric $op $threshold',
      ({ metric, op, threshold }) => {
        const past = op === 'gt' ? threshold + 1e-9 : threshold - 1e-9
        const wrongSide = op === 'gt' ? threshold - 0.01 : threshold + 0.01

        it('fires just past the threshold', () => {
          const e = run(want.name, { ...want.holding, [metric]: past })
          expect(e.outcome).toBe('execute')
          expect(e.conditions.find((c) => c.metric === metric)).toMatchObject({ observed: past, held: true })
        })

        it('does not fire at the threshold', () => {
          const e = run(want.name, { ...want.holding, [metric]: threshold })
          expect(e.fired).toBe(false)
          expect(e.outcome).toBe('not_fired')
          expect(e.conditions.find((c) => c.metric === metric)).toMatchObject({ observed: threshold, held: false })
          expect(e.reason).toContain(`${metric} ${threshold} is not ${op === 'gt' ? '>' : '<'} ${threshold}`)
        })

        it('does not fire on the other side of the threshold', () => {
          expect(run(want.name, { ...want.holding, [metric]: wrongSide }).fired).toBe(false)
        })

        it('does not fire when the metric is missing, and names it', () => {
          const metrics = { ...want.holding }
          delete metrics[metric]
          const e = run(want.name, metrics)
          expect(e.fired).toBe(false)
          expect(e.missing).toEqual([metric])
          expect(e.conditions.find((c) => c.metric === metric)).toMatchObject({ observed: null, held: false })
          expect(e.reason).toContain(`${metric} missing`)
        })

        it('does not fire when the metric is NaN, and treats it as missing', () => {
          const e = run(want.name, { ...want.holding, [metric]: Number.NaN })
          expect(e.fired).toBe(false)
          expect(e.missing).toEqual([metric])
        })
      },
    )
  })

  it('the report’s test request (cpu 95, memory 90, anomaly 0.85) fires High CPU and High Memory, not Critical', () => {
    // The body of the report's POST /remediation/test example.
    const { evaluations } = evaluate(defaultRules, {}, { ts: 0, metrics: { cpu_percent: 95, memory_percent: 90, ml_anomaly_score: 0.85 } }, 0, ctx)
    const fired = evaluations.filter((e) => e.fired).map((e) => e.rule)
    expect(fired).toEqual(['High CPU Usage', 'High Memory Usage'])
    expect(evaluations.find((e) => e.rule === 'Critical System Failure')!.reason).toContain('cpu_percent 95 is not > 95')
  })
})
