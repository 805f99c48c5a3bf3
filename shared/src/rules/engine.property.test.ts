import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toSeconds } from '../duration'
import type { MetricValues } from '../metrics'
import { type EngineContext, type EngineState, type RuleEvaluation, evaluate } from './engine'
import type { OverrideMode, Rule } from './schema'

// Random rules over one metric (so conditions actually flip), random sample streams with missing
// values, random increasing clocks and random override switches; the engine's promises must hold
// for every one of them.

/** Each optional feature present in half of the rules (fast-check's default is 5 in 6). */
const half = { nil: undefined, freq: 2 }

const ruleArb = (name: string): fc.Arbitrary<Rule> =>
  fc
    .record({
      threshold: fc.integer({ min: 10, max: 90 }),
      cooldown: fc.integer({ min: 0, max: 300 }),
      forSpec: fc.option(
        fc.oneof(
          fc.record({ samples: fc.integer({ min: 1, max: 4 }) }),
          fc.record({ duration: fc.integer({ min: 1, max: 120 }) }),
          fc.record({ samples: fc.integer({ min: 1, max: 4 }), duration: fc.integer({ min: 1, max: 120 }) }),
        ),
        half,
      ),
      clearBelow: fc.option(fc.integer({ min: 0, max: 9 }), half),
      maxActions: fc.option(fc.record({ count: fc.integer({ min: 1, max: 4 }), window: fc.integer({ min: 1, max: 1200 }) }), half),
      resetAfter: fc.option(fc.integer({ min: 1, max: 300 }), half),
      priority: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ threshold, cooldown, forSpec, clearBelow, maxActions, resetAfter, priority }) => ({
      name,
      priority,
      conditions: [{ metric: 'cpu_percent', operator: 'gt' as const, threshold }],
      actions: [{ type: 'send_alert' as const }],
      cooldown,
      ...(forSpec ? { for: forSpec } : {}),
      ...(clearBelow !== undefined ? { clear: [{ metric: 'cpu_percent', operator: 'lt' as const, threshold: threshold - 1 - clearBelow }] } : {}),
      ...(maxActions ? { max_actions: maxActions } : {}),
      ...(maxActions && resetAfter !== undefined ? { reset_after: resetAfter } : {}),
    }))

const rulesArb = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(`rule ${i}`))))

interface Step {
  dt: number
  cpu: number | null
  mode: OverrideMode
  remediationEnabled: boolean
}
const stepArb: fc.Arbitrary<Step> = fc.record({
  dt: fc.integer({ min: 1, max: 90_000 }),
  // Whole and fractional values spread over the range (fc.double alone clusters at the extremes),
  // plus a frequent "hot" value so rules keep firing and the gates get exercised.
  cpu: fc.option(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100), fc.constant(99)), {
    nil: null,
    freq: 8,
  }),
  mode: fc.constantFrom<OverrideMode>('enabled', 'enabled', 'enabled', 'dry_run', 'paused'),
  remediationEnabled: fc.integer({ min: 0, max: 9 }).map((n) => n > 1),
})
const streamArb = fc.array(stepArb, { minLength: 1, maxLength: 80 })

interface Logged {
  now: number
  e: RuleEvaluation
  ctx: EngineContext
}

function runStream(rules: Rule[], steps: Step[]): { log: Map<string, Logged[]>; finalState: EngineState } {
  let state: EngineState = {}
  let now = 1_700_000_000_000
  const log = new Map<string, Logged[]>(rules.map((r) => [r.name, []]))
  for (const step of steps) {
    now += step.dt
    const metrics: MetricValues = step.cpu === null ? {} : { cpu_percent: step.cpu }
    const ctx: EngineContext = { host: { id: 'h', labels: {} }, mode: step.mode, remediationEnabled: step.remediationEnabled }
    const r = evaluate(rules, state, { ts: now, metrics }, now, ctx)
    state = r.state
    for (const e of r.evaluations) log.get(e.rule)!.push({ now, e, ctx })
  }
  return { log, finalState: state }
}

const cooldownMs = (r: Rule) => toSeconds(r.cooldown) * 1000

describe('rule engine properties', () => {
  it('never executes a rule twice within its cooldown', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, (rules, steps) => {
        const { log } = runStream(rules, steps)
        for (const r of rules) {
          const times = log.get(r.name)!.filter((l) => l.e.outcome === 'execute').map((l) => l.now)
          for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(cooldownMs(r))
        }
      }),
    )
  })

  it('a dry run never shows an action within the cooldown of the last real or would-be action', () => {
    // (The reverse does not hold on purpose: a real action right after dry-run firings is allowed,
    // since none of them ran.)
    fc.assert(
      fc.property(rulesArb, streamArb, (rules, steps) => {
        const { log } = runStream(rules, steps)
        for (const r of rules) {
          let last: number | null = null
          for (const { e, now } of log.get(r.name)!) {
            if (e.outcome === 'dry_run' && last !== null) expect(now - last).toBeGreaterThanOrEqual(cooldownMs(r))
            if (e.outcome === 'dry_run' || e.outcome === 'execute') last = now
          }
        }
      }),
    )
  })

  it('acts only when enabled, in enabled mode, with every condition held; suppressions name their gate', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, (rules, steps) => {
        const { log } = runStream(rules, steps)
        for (const entries of log.values()) {
          for (const { e, ctx } of entries) {
            if (e.outcome === 'execute') {
              expect(ctx.remediationEnabled && ctx.mode === 'enabled').toBe(true)
              expect(e.conditions.every((c) => c.held && c.observed !== null)).toBe(true)
              expect(e.suppressed_by).toBe('none')
            }
            if (e.outcome === 'dry_run') expect(ctx.mode === 'dry_run' && ctx.remediationEnabled).toBe(true)
            if (e.outcome === 'suppressed') {
              expect(e.fired).toBe(true)
              expect(e.suppressed_by).not.toBe('none')
            }
            if (!e.fired) expect(e.outcome).toBe('not_fired')
            if (!ctx.remediationEnabled && e.fired) expect(e.suppressed_by).toBe('engine_disabled')
          }
        }
      }),
    )
  })

  it('never exceeds max_actions in any window (without reset_after), alerts only on a stop, and once per stop', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, (rules, steps) => {
        const { log, finalState } = runStream(rules, steps)
        for (const r of rules) {
          const entries = log.get(r.name)!
          if (!r.max_actions) {
            expect(entries.some((l) => l.e.alert)).toBe(false)
            continue
          }
          const { count } = r.max_actions
          const windowMs = toSeconds(r.max_actions.window) * 1000
          const times = entries.filter((l) => l.e.outcome === 'execute').map((l) => l.now)
          if (r.reset_after === undefined) {
            for (const t of times) expect(times.filter((u) => u <= t && t - u < windowMs).length).toBeLessThanOrEqual(count)
          }
          let executedSinceAlert = true
          for (const { e } of entries) {
            if (e.outcome === 'execute') executedSinceAlert = true
            if (e.alert) {
              expect(e.suppressed_by).toBe('max_actions')
              expect(executedSinceAlert).toBe(true)
              executedSinceAlert = false
            }
          }
          // Bounded state: never more timestamps than the limit needs.
          expect(finalState[r.name]!.live.firings.length).toBeLessThanOrEqual(count)
          expect(finalState[r.name]!.shadow.firings.length).toBeLessThanOrEqual(count)
        }
      }),
    )
  })

  it('is pure: inputs are not mutated and the same inputs give the same outputs', () => {
    fc.assert(
      fc.property(rulesArb, streamArb, fc.integer({ min: 0, max: 79 }), (rules, steps, cut) => {
        // Reach some mid-stream state, then evaluate one more sample twice.
        const { finalState } = runStream(rules, steps.slice(0, cut))
        const rulesBefore = JSON.stringify(rules)
        const stateBefore = JSON.stringify(finalState)
        const sample = { ts: 2e12, metrics: { cpu_percent: 95 } }
        const ctx: EngineContext = { host: { id: 'h', labels: { a: 'b' } }, mode: 'enabled', remediationEnabled: true }
        const ctxBefore = JSON.stringify(ctx)
        const a = evaluate(rules, finalState, sample, 2e12, ctx)
        const b = evaluate(rules, finalState, sample, 2e12, ctx)
        expect(b).toEqual(a)
        expect(JSON.stringify(rules)).toBe(rulesBefore)
        expect(JSON.stringify(finalState)).toBe(stateBefore)
        expect(JSON.stringify(ctx)).toBe(ctxBefore)
        expect(sample).toEqual({ ts: 2e12, metrics: { cpu_percent: 95 } })
      }),
    )
  })

  it('works on deep-frozen inputs (it never writes to them)', () => {
    const freeze = <T>(v: T): T => {
      if (typeof v === 'object' && v !== null) {
        Object.values(v).forEach(freeze)
        Object.freeze(v)
      }
      return v
    }
    fc.assert(
      fc.property(rulesArb, streamArb, (rules, steps) => {
        const { finalState } = runStream(rules, steps.slice(0, 10))
        const ctx: EngineContext = freeze({ host: { id: 'h', labels: {} }, mode: 'enabled', remediationEnabled: true })
        expect(() => evaluate(freeze(rules), freeze(finalState), freeze({ ts: 1, metrics: { cpu_percent: 99 } }), 2e12, ctx)).not.toThrow()
      }),
    )
  })
})
