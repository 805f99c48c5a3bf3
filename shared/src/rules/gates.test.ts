import { describe, expect, it } from 'vitest'
import { type EngineContext, type EngineState, evaluate, fire, settle } from './engine'
import { checkGatesSync, engineGates, type Firing, type Gate, type Verdict } from './gates'
import type { Rule } from './schema'

const ctx: EngineContext = { host: { id: 'h1', labels: {} }, mode: 'enabled', remediationEnabled: true }
const rule: Rule = {
  name: 'High CPU',
  conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
  actions: [{ type: 'scale_up', params: { group: 'app' } }],
  priority: 2,
  cooldown: '10m',
  max_actions: { count: 2, window: '1h' },
}
const hot = { ts: 0, metrics: { cpu_percent: 99 } }
const T0 = 1_700_000_000_000
const MIN = 60_000

/** The agent's loop in miniature: fire, the engine gates then `extra`, settle. */
function cycle(state: EngineState, now: number, extra: Gate<EngineContext>[] = []) {
  const f = fire([rule], state, hot, now, ctx)
  const r = f.results[0]!
  if (!r.firing) return { evaluation: r.evaluation, state: f.state }
  const verdict: Verdict = checkGatesSync([...engineGates, ...extra], r.firing, ctx)
  const settled = settle(r.firing, verdict)
  return { evaluation: settled.evaluation, state: { ...f.state, [rule.name]: settled.state } }
}

const refuseAll: Gate<EngineContext> = {
  name: 'policy',
  check: (f: Firing) => ({ pass: false, suppressed_by: 'policy', reason: `refused ${f.rule}`, numbers: { refused: 1 } }),
}

describe('gates and commit', () => {
  it('a firing refused by a later gate commits nothing: no cooldown, no max_actions count', () => {
    let state: EngineState = {}
    for (let i = 0; i < 3; i++) {
      const r = cycle(state, T0 + i * MIN, [refuseAll])
      expect(r.evaluation).toMatchObject({ fired: true, outcome: 'suppressed', suppressed_by: 'policy' })
      expect(r.evaluation.reason).toMatch(/^conditions held: .*; refused High CPU$/)
      state = r.state
    }
    // The policy was fixed: the very next sample acts, not 10 minutes later and not "max_actions".
    const r = cycle(state, T0 + 3 * MIN)
    expect(r.evaluation).toMatchObject({ outcome: 'execute', suppressed_by: 'none' })
    expect(cycle(r.state, T0 + 4 * MIN).evaluation).toMatchObject({ suppressed_by: 'cooldown' })
  })

  it('evaluate() with the engine gates equals fire + engineGates + settle', () => {
    let a: EngineState = {}
    let b: EngineState = {}
    for (let i = 0; i < 40; i++) {
      const now = T0 + i * 5 * MIN
      const metrics = { cpu_percent: i % 7 === 3 ? 10 : 99 }
      const e = evaluate([rule], a, { ts: now, metrics }, now, ctx)
      const f = fire([rule], b, { ts: now, metrics }, now, ctx)
      const r = f.results[0]!
      const got = r.firing ? settle(r.firing, checkGatesSync(engineGates, r.firing, ctx)) : { evaluation: r.evaluation, state: f.state[rule.name]! }
      expect(got.evaluation).toEqual(e.evaluations[0])
      a = e.state
      b = { ...f.state, [rule.name]: got.state }
      expect(b).toEqual(a)
    }
  })

  it('lists the engine gates in their documented order', () => {
    expect(engineGates.map((g) => g.name)).toEqual(['engine_disabled', 'override_paused', 'escalation', 'active', 'cooldown', 'max_actions'])
  })

  it('refusals carry their numbers: cooldown says how long ago and how long it is', () => {
    const first = cycle({}, T0)
    const f = fire([rule], first.state, hot, T0 + 2 * MIN, ctx).results[0]!.firing!
    const v = checkGatesSync(engineGates, f, ctx)
    expect(v).toMatchObject({ pass: false, suppressed_by: 'cooldown', numbers: { fired_ago_s: 120, cooldown_s: 600 } })
  })
})
