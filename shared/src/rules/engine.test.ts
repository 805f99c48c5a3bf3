import { describe, expect, it } from 'vitest'
import type { MetricValues } from '../metrics'
import { defaultRules } from './defaults'
import { type EngineContext, type EngineState, type RuleEvaluation, RuleEngineError, evaluate } from './engine'
import type { Rule } from './schema'

const enabled: EngineContext = { host: { id: 'web-1', labels: { env: 'prod', role: 'web' } }, mode: 'enabled', remediationEnabled: true }
const S = 1000
const M = 60 * S

function rule(over: Partial<Rule> = {}): Rule {
  return {
    name: 'cpu hot',
    priority: 5,
    conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
    actions: [{ type: 'scale_up', params: { group: 'app' } }],
    cooldown: 0,
    ...over,
  }
}

/** Feeds samples through the engine one by one, carrying state, like the agent does. */
class Driver {
  state: EngineState = {}
  constructor(
    readonly rules: Rule[],
    public ctx: EngineContext = enabled,
  ) {}
  at(now: number, metrics: MetricValues): RuleEvaluation {
    const r = evaluate(this.rules, this.state, { ts: now, metrics }, now, this.ctx)
    this.state = r.state
    return r.evaluations[0]!
  }
}

const hot = { cpu_percent: 95 }
const cool = { cpu_percent: 50 }

describe('evaluate', () => {
  it('returns every rule in priority order, lower first, ties by name', () => {
    const rules = [...defaultRules].reverse()
    const { evaluations } = evaluate(rules, {}, { ts: 0, metrics: {} }, 0, enabled)
    expect(evaluations.map((e) => [e.priority, e.rule])).toEqual([
      [0, 'Critical System Failure'],
      [1, 'Service Unresponsive'],
      [2, 'High CPU Usage'],
      [2, 'High Memory Usage'],
      [3, 'Low Resource Utilization'],
    ])
  })

  it('fills action parameters and writes the alert message from the observed values', () => {
    const r = rule({ actions: [{ type: 'scale_up', params: { group: 'app' } }, { type: 'send_alert' }] })
    const e = new Driver([r]).at(0, hot)
    expect(e.actions).toEqual([
      { type: 'scale_up', params: { group: 'app', step: 1 } },
      { type: 'send_alert', params: { severity: 'warning', message: 'cpu hot: cpu_percent 95 > 90' } },
    ])
  })

  it('refuses two rules with one name (they would share a cooldown)', () => {
    const call = () => evaluate([rule(), rule()], {}, { ts: 0, metrics: hot }, 0, enabled)
    expect(call).toThrow(RuleEngineError)
    expect(call).toThrow(/duplicate rule name "cpu hot"/)
  })

  it('does not fire a disabled rule, and says so', () => {
    const e = new Driver([rule({ enabled: false })]).at(0, hot)
    expect(e).toMatchObject({ fired: false, outcome: 'not_fired', reason: 'rule disabled' })
  })

  describe('cooldown', () => {
    it('suppresses within the cooldown with the elapsed time, and fires again once it has passed', () => {
      const d = new Driver([rule({ cooldown: '1m' })])
      expect(d.at(0, hot).outcome).toBe('execute')
      const e = d.at(42 * S, hot)
      expect(e).toMatchObject({ fired: true, outcome: 'suppressed', suppressed_by: 'cooldown' })
      expect(e.reason).toContain('cooldown: fired 42s ago, cooldown 1m')
      expect(d.at(M - 1, hot).suppressed_by).toBe('cooldown')
      // Level-triggered like the report's engine: a problem that persists is acted on again.
      expect(d.at(M, hot).outcome).toBe('execute')
    })

    it('also holds when the problem goes away and comes back', () => {
      const d = new Driver([rule({ cooldown: '5m' })])
      d.at(0, hot)
      d.at(M, cool)
      expect(d.at(2 * M, hot).suppressed_by).toBe('cooldown')
    })

    it('errs towards not acting when the clock goes backwards', () => {
      const d = new Driver([rule({ cooldown: '1m' })])
      d.at(10 * M, hot)
      expect(d.at(5 * M, hot).suppressed_by).toBe('cooldown')
    })
  })

  describe('for', () => {
    it('by samples: fires on the Nth consecutive holding sample; a miss restarts the count', () => {
      const d = new Driver([rule({ for: { samples: 3 } })])
      expect(d.at(0, hot).reason).toContain('1 of 3 samples')
      expect(d.at(S, hot)).toMatchObject({ fired: false, outcome: 'not_fired' })
      expect(d.at(2 * S, hot).outcome).toBe('execute')

      const d2 = new Driver([rule({ for: { samples: 3 } })])
      d2.at(0, hot)
      d2.at(S, hot)
      d2.at(2 * S, cool)
      d2.at(3 * S, hot)
      expect(d2.at(4 * S, hot).fired).toBe(false)
      expect(d2.at(5 * S, hot).fired).toBe(true)
    })

    it('a missing metric breaks the streak', () => {
      const d = new Driver([rule({ for: { samples: 2 } })])
      d.at(0, hot)
      d.at(S, {})
      expect(d.at(2 * S, hot).fired).toBe(false)
    })

    it('by duration: fires once the conditions held continuously that long', () => {
      const d = new Driver([rule({ for: { duration: '1m' } })])
      expect(d.at(0, hot).fired).toBe(false)
      const pending = d.at(30 * S, hot)
      expect(pending.fired).toBe(false)
      expect(pending.reason).toContain('30s of 1m')
      expect(d.at(M, hot).outcome).toBe('execute')

      const d2 = new Driver([rule({ for: { duration: '1m' } })])
      d2.at(0, hot)
      d2.at(50 * S, cool)
      expect(d2.at(M, hot).fired).toBe(false)
      expect(d2.at(2 * M, hot).fired).toBe(true)
    })

    it('with both samples and duration, needs both', () => {
      const d = new Driver([rule({ for: { samples: 3, duration: '10s' } })])
      d.at(0, hot)
      d.at(S, hot)
      expect(d.at(2 * S, hot).fired).toBe(false) // three samples, two seconds
      expect(d.at(10 * S, hot).fired).toBe(true)
    })
  })

  describe('clear (hysteresis)', () => {
    const r = rule({ clear: [{ metric: 'cpu_percent', operator: 'lt', threshold: 70 }] })

    it('stays active after firing until clear holds, then re-arms', () => {
      const d = new Driver([r])
      expect(d.at(0, hot).outcome).toBe('execute')
      expect(d.at(S, hot)).toMatchObject({ fired: true, outcome: 'suppressed', suppressed_by: 'active' })
      const between = d.at(2 * S, { cpu_percent: 80 })
      expect(between.fired).toBe(false)
      expect(between.reason).toContain('still active until clear holds (cpu_percent 80 is not < 70)')
      // Back above 90 without having gone below 70: no new action (this is the point of hysteresis).
      expect(d.at(3 * S, hot).suppressed_by).toBe('active')
      const cleared = d.at(4 * S, { cpu_percent: 60 })
      expect(cleared.reason).toContain('cleared (cpu_percent 60 < 70), re-armed')
      expect(d.at(5 * S, hot).outcome).toBe('execute')
    })

    it('without clear, the same sequence acts again (cooldown 0)', () => {
      const d = new Driver([rule()])
      d.at(0, hot)
      d.at(2 * S, { cpu_percent: 80 })
      expect(d.at(3 * S, hot).outcome).toBe('execute')
    })

    it('a missing clear metric keeps the rule active', () => {
      const d = new Driver([r])
      d.at(0, hot)
      d.at(S, {})
      expect(d.at(2 * S, hot).suppressed_by).toBe('active')
    })
  })

  describe('max_actions', () => {
    const r = rule({ priority: 1, cooldown: '1m', max_actions: { count: 3, window: '15m' } })

    it('acts count times per window, then stops and raises exactly one alert, then resumes when the window allows', () => {
      const d = new Driver([r])
      const outcomes: RuleEvaluation[] = []
      for (let t = 0; t <= 15 * M; t += M) outcomes.push(d.at(t, hot))
      expect(outcomes.slice(0, 3).map((e) => e.outcome)).toEqual(['execute', 'execute', 'execute'])
      const stopped = outcomes.slice(3, 15)
      expect(stopped.every((e) => e.suppressed_by === 'max_actions')).toBe(true)
      const alerts = outcomes.filter((e) => e.alert)
      expect(alerts).toHaveLength(1)
      expect(alerts[0]).toBe(outcomes[3])
      expect(alerts[0]!.alert).toMatchObject({ severity: 'critical' })
      expect(alerts[0]!.alert!.summary).toContain('stopped acting on host web-1')
      expect(outcomes[3]!.reason).toContain('limit of 3 per 15m reached')
      // At 15m the firing at 0 has left the window.
      expect(outcomes[15]!.outcome).toBe('execute')
    })

    it('keeps at most count timestamps in state', () => {
      const d = new Driver([rule({ max_actions: { count: 2, window: '1h' } })])
      for (let t = 0; t < 50 * S; t += S) d.at(t, hot)
      expect(d.state['cpu hot']!.live.firings).toHaveLength(2)
    })
  })

  describe('reset_after', () => {
    const r = rule({ cooldown: '1m', max_actions: { count: 2, window: '10m' }, reset_after: '5m' })

    it('keeps the rule stopped until it has been healthy that long, whatever the window', () => {
      const d = new Driver([r])
      expect(d.at(0, hot).outcome).toBe('execute')
      expect(d.at(M, hot).outcome).toBe('execute')
      expect(d.at(2 * M, hot).alert).toBeDefined()
      // Far past the window, still unhealthy: still stopped.
      const late = d.at(20 * M, hot)
      expect(late.suppressed_by).toBe('max_actions')
      expect(late.reason).toContain('until its conditions have not held for 5m')
      // Healthy for 4 minutes, then the problem returns: not long enough.
      d.at(21 * M, cool)
      d.at(25 * M, cool)
      expect(d.at(25 * M + S, hot).suppressed_by).toBe('max_actions')
      // Missing data is not health.
      d.at(26 * M, {})
      d.at(32 * M, {})
      expect(d.at(32 * M + S, hot).suppressed_by).toBe('max_actions')
      // Healthy for 5 minutes: counter and alert reset.
      d.at(33 * M, cool)
      d.at(38 * M, cool)
      expect(d.at(38 * M + S, hot).outcome).toBe('execute')
      expect(d.at(39 * M + S, hot).outcome).toBe('execute')
      expect(d.at(40 * M + S, hot).alert).toBeDefined()
    })
  })

  describe('scope', () => {
    it('by host id', () => {
      const e = new Driver([rule({ scope: { hosts: ['db-1'] } })]).at(0, hot)
      expect(e).toMatchObject({ fired: false, outcome: 'not_fired', conditions: [] })
      expect(e.reason).toBe("out of scope: host web-1 is not in the rule's host list")
      expect(new Driver([rule({ scope: { hosts: ['db-1', 'web-1'] } })]).at(0, hot).outcome).toBe('execute')
    })

    it('by labels, all of which must match', () => {
      const wrong = new Driver([rule({ scope: { labels: { env: 'staging' } } })]).at(0, hot)
      expect(wrong.reason).toBe('out of scope: rule needs label env=staging, the host has env=prod')
      const absent = new Driver([rule({ scope: { labels: { zone: 'a' } } })]).at(0, hot)
      expect(absent.reason).toBe('out of scope: rule needs label zone=a, the host has no such label')
      expect(new Driver([rule({ scope: { labels: { env: 'prod', role: 'web' } } })]).at(0, hot).outcome).toBe('execute')
    })

    it('hosts and labels together both narrow', () => {
      expect(new Driver([rule({ scope: { hosts: ['web-1'], labels: { env: 'staging' } } })]).at(0, hot).fired).toBe(false)
    })
  })

  describe('override modes', () => {
    it('paused: decides, does not act, and consumes no cooldown', () => {
      const d = new Driver([rule({ cooldown: '10m' })], { ...enabled, mode: 'paused' })
      const e = d.at(0, hot)
      expect(e).toMatchObject({ fired: true, outcome: 'suppressed', suppressed_by: 'override_paused' })
      expect(e.reason).toContain('conditions held: cpu_percent 95 > 90')
      d.ctx = enabled
      expect(d.at(S, hot).outcome).toBe('execute')
    })

    it('disabled engine (manual override): decides, never acts, consumes no cooldown', () => {
      const d = new Driver([rule({ cooldown: '10m' })], { ...enabled, remediationEnabled: false })
      expect(d.at(0, hot)).toMatchObject({ outcome: 'suppressed', suppressed_by: 'engine_disabled' })
      // The disabled engine wins over a dry_run override too.
      d.ctx = { ...enabled, mode: 'dry_run', remediationEnabled: false }
      expect(d.at(S, hot).suppressed_by).toBe('engine_disabled')
      d.ctx = enabled
      expect(d.at(2 * S, hot).outcome).toBe('execute')
    })

    it('dry_run: "would have acted", with the cooldown a real run would have', () => {
      const d = new Driver([rule({ cooldown: '10m' })], { ...enabled, mode: 'dry_run' })
      const first = d.at(0, hot)
      expect(first).toMatchObject({ fired: true, outcome: 'dry_run', suppressed_by: 'override_dry_run' })
      expect(first.reason).toContain('would have acted')
      const second = d.at(M, hot)
      expect(second).toMatchObject({ outcome: 'suppressed', suppressed_by: 'cooldown' })
      expect(second.reason).toContain('dry run, cooldown: fired 1m ago, cooldown 10m')
      expect(d.at(10 * M, hot).outcome).toBe('dry_run')
    })

    it('switching from dry_run to enabled acts at once: nothing really ran', () => {
      const d = new Driver([rule({ cooldown: '10m' })], { ...enabled, mode: 'dry_run' })
      d.at(0, hot)
      d.ctx = enabled
      expect(d.at(M, hot).outcome).toBe('execute')
    })

    it('a dry run sees the cooldown of real actions', () => {
      const d = new Driver([rule({ cooldown: '10m' })])
      d.at(0, hot)
      d.ctx = { ...enabled, mode: 'dry_run' }
      expect(d.at(M, hot).suppressed_by).toBe('cooldown')
    })

    it('a dry run reports max_actions without paging anyone', () => {
      const d = new Driver([rule({ max_actions: { count: 1, window: '1h' } })], { ...enabled, mode: 'dry_run' })
      d.at(0, hot)
      const e = d.at(S, hot)
      expect(e.suppressed_by).toBe('max_actions')
      expect(e.alert).toBeUndefined()
      expect(e.reason).toContain('would alert')
    })
  })

  describe('state', () => {
    it('keeps state only for the rules given', () => {
      const d = new Driver([rule()])
      d.at(0, hot)
      const { state } = evaluate([rule({ name: 'other' })], d.state, { ts: 0, metrics: hot }, S, enabled)
      expect(Object.keys(state)).toEqual(['other'])
    })

    it('treats damaged persisted state as fresh instead of failing', () => {
      const damaged = { 'cpu hot': { streak: 'x', live: null } } as unknown as EngineState
      const { evaluations } = evaluate([rule({ cooldown: '1h' })], damaged, { ts: 0, metrics: hot }, 0, enabled)
      expect(evaluations[0]!.outcome).toBe('execute')
    })

    it('is plain JSON: a persisted and reloaded state behaves the same', () => {
      const d = new Driver([rule({ cooldown: '1m', for: { samples: 2 }, max_actions: { count: 5, window: '1h' } })])
      d.at(0, hot)
      d.at(S, hot)
      d.state = JSON.parse(JSON.stringify(d.state))
      expect(d.at(2 * S, hot).suppressed_by).toBe('cooldown')
    })

    it('refuses a non-finite clock', () => {
      expect(() => evaluate([rule()], {}, { ts: 0, metrics: hot }, Number.NaN, enabled)).toThrow(RuleEngineError)
    })
  })
})
