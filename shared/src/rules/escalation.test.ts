import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MetricValues } from '../metrics'
import { compileRule } from './compile'
import { type EngineContext, type EngineState, type RuleEvaluation, evaluate } from './engine'
import { stepFinished, stepVerified } from './escalation'
import { readRuleState } from './state'
import type { Rule } from './schema'
import { validateRule } from './validate'
import { parseRules, serializeRules } from './yaml'

const enabled: EngineContext = { host: { id: 'web-1', labels: {} }, mode: 'enabled', remediationEnabled: true }
const S = 1000

/** restart_container (1m to verify), restart_service (2m), then page. Cooldown 10m between ladder runs. */
function ladderRule(over: Partial<Rule> = {}): Rule {
  return {
    name: 'app down',
    priority: 1,
    conditions: [{ metric: 'error_rate', operator: 'gt', threshold: 0.5 }],
    actions: [{ type: 'restart_container', params: { selector: { name: 'app' } } }],
    cooldown: '10m',
    escalation: {
      timeout: '1m',
      steps: [{ actions: [{ type: 'restart_service', params: { service: 'app' } }], timeout: '2m' }, { actions: [{ type: 'send_alert' }] }],
    },
    ...over,
  }
}

const bad = { error_rate: 0.9 }
const good = { error_rate: 0.01 }

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
  /** What the agent's verify stage tells the engine. */
  verified(step: number, outcome: 'cleared' | 'holding' | 'unknown', at: number): void {
    const name = this.rules[0]!.name
    this.state = { ...this.state, [name]: stepVerified(this.state[name]!, step, outcome, at) }
  }
}

const types = (e: RuleEvaluation) => e.actions.map((a) => a.type)

describe('escalation ladders in the engine', () => {
  it('runs step 1, waits out its timeout, then step 2 and step 3; the cooldown does not hold the ladder back', () => {
    const d = new Driver([ladderRule()])
    const e1 = d.at(0, bad)
    expect([e1.outcome, types(e1), e1.escalation]).toEqual(['execute', ['restart_container'], { step: 1, of: 3 }])
    expect(e1.reason).toContain('escalation step 1 of 3 (restart_container)')

    // Inside step 1's timeout: waiting for its verification, not acting again.
    const waiting = d.at(30 * S, bad)
    expect([waiting.outcome, waiting.suppressed_by]).toEqual(['suppressed', 'escalation'])
    expect(waiting.reason).toMatch(/step 1 \(restart_container\) of 3 is being verified: 30s of its 1m timeout left/)

    // Step 1's verification failed at 60 s: step 2 runs although the 10m cooldown has not passed.
    d.verified(0, 'holding', 60 * S)
    const e2 = d.at(60 * S, bad)
    expect([e2.outcome, types(e2), e2.escalation]).toEqual(['execute', ['restart_service'], { step: 2, of: 3 }])
    expect(e2.reason).toContain('step 1 (restart_container) did not verify healthy within 1m')

    expect(d.at(120 * S, bad).suppressed_by).toBe('escalation') // step 2 has 2m
    const e3 = d.at(181 * S, bad) // no verification arrived (e.g. the agent restarted): the timeout decides
    expect([e3.outcome, types(e3), e3.escalation]).toEqual(['execute', ['send_alert'], { step: 3, of: 3 }])

    // The last step repeats only at the rule's cooldown.
    expect(d.at(181 * S + 61 * S, bad).suppressed_by).toBe('cooldown')
    const again = d.at(181 * S + 10 * 60 * S, bad)
    expect([again.outcome, types(again)]).toEqual(['execute', ['send_alert']])
    expect(again.reason).toContain('the last step did not verify healthy either')
  })

  it('starts over at step 1 when a step verifies healthy, and when the conditions clear', () => {
    const d = new Driver([ladderRule({ cooldown: 0 })])
    d.at(0, bad)
    d.verified(0, 'holding', 60 * S)
    expect(types(d.at(60 * S, bad))).toEqual(['restart_service'])
    d.verified(1, 'cleared', 70 * S)
    expect(d.state['app down']!.escalation).toBeNull()
    expect(types(d.at(80 * S, bad))).toEqual(['restart_container'])

    d.verified(0, 'unknown', 140 * S) // unknown is not healthy: escalates
    expect(types(d.at(140 * S, bad))).toEqual(['restart_service'])
    d.at(150 * S, good) // a complete sample without the problem
    expect(types(d.at(160 * S, bad))).toEqual(['restart_container'])
  })

  it('a missing metric is not "cleared": the ladder keeps its position', () => {
    const d = new Driver([ladderRule({ cooldown: 0 })])
    d.at(0, bad)
    d.at(10 * S, {})
    expect(d.state['app down']!.escalation).toMatchObject({ step: 0 })
    d.verified(0, 'holding', 60 * S)
    expect(types(d.at(61 * S, bad))).toEqual(['restart_service'])
  })

  it('a refused firing does not move the ladder; a dry run reports the step it would run without moving it', () => {
    const d = new Driver([ladderRule({ cooldown: 0 })], { ...enabled, mode: 'paused' })
    expect(d.at(0, bad).suppressed_by).toBe('override_paused')
    expect(d.state['app down']!.escalation ?? null).toBeNull()
    d.ctx = { ...enabled, mode: 'dry_run' }
    const dry = d.at(10 * S, bad)
    expect([dry.outcome, types(dry), dry.escalation]).toEqual(['dry_run', ['restart_container'], { step: 1, of: 3 }])
    expect(d.state['app down']!.escalation ?? null).toBeNull()
  })

  it('a failed action makes the next step due at once; the timeout otherwise runs from when the actions finished', () => {
    const r = ladderRule({ cooldown: 0 })
    const c = compileRule(r)
    const d = new Driver([r])
    d.at(0, bad)
    d.state = { ...d.state, [r.name]: stepFinished(c, d.state[r.name]!, 0, 20 * S, true) }
    expect(d.at(70 * S, bad).suppressed_by).toBe('escalation') // 1m from 20 s, not from 0
    d.state = { ...d.state, [r.name]: stepFinished(c, d.state[r.name]!, 0, 71 * S, false) }
    expect(types(d.at(72 * S, bad))).toEqual(['restart_service'])
  })

  it('max_actions counts every step', () => {
    const d = new Driver([ladderRule({ cooldown: 0, max_actions: { count: 3, window: '1h' } })])
    d.at(0, bad)
    d.verified(0, 'holding', 60 * S)
    d.at(60 * S, bad)
    d.verified(1, 'holding', 180 * S)
    expect(types(d.at(180 * S, bad))).toEqual(['send_alert'])
    expect(d.at(400 * S, bad).suppressed_by).toBe('max_actions')
  })

  it('the ladder position is part of the persisted state and survives a JSON round trip (an agent restart)', () => {
    const d = new Driver([ladderRule()])
    d.at(0, bad)
    d.verified(0, 'holding', 60 * S)
    d.at(60 * S, bad)
    d.state = JSON.parse(JSON.stringify(d.state)) as EngineState
    expect(readRuleState(d.state['app down']).escalation).toEqual({ step: 1, until: 180 * S })
    expect(types(d.at(181 * S, bad))).toEqual(['send_alert'])
    // A damaged position restarts the ladder; the rest of the state (the cooldown) is kept.
    const damaged = readRuleState({ ...d.state['app down'], escalation: { step: -1, until: 'x' } })
    expect([damaged.escalation, damaged.live.last_fired]).toEqual([undefined, 181 * S])
  })

  it('property: a ladder never skips a step, never moves without a real action, and resets on a healthy sample', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('sample' as const), metrics: fc.constantFrom(bad, good, {}), dt: fc.integer({ min: 1, max: 200 }) }),
      fc.record({ kind: fc.constant('verified' as const), outcome: fc.constantFrom('cleared' as const, 'holding' as const, 'unknown' as const), dt: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('mode' as const), mode: fc.constantFrom('enabled' as const, 'dry_run' as const, 'paused' as const), dt: fc.constant(0) }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.array(event, { maxLength: 60 }), (cooldown, events) => {
        const d = new Driver([ladderRule({ cooldown })])
        let now = 0
        let prevStep: number | null = null
        for (const ev of events) {
          now += ev.dt * S
          if (ev.kind === 'mode') d.ctx = { ...enabled, mode: ev.mode }
          else if (ev.kind === 'verified') {
            const l = d.state['app down']?.escalation
            if (l) d.verified(l.step, ev.outcome, now)
          } else {
            const e = d.at(now, ev.metrics)
            const l = d.state['app down']!.escalation ?? null
            if (ev.metrics === good) expect(l).toBeNull()
            if (e.outcome === 'execute') {
              // Acted: step 1 after a reset, else the same or the next step, never a jump.
              expect(l).not.toBeNull()
              const step = l!.step
              expect(step === 0 || (prevStep !== null && (step === prevStep + 1 || step === prevStep))).toBe(true)
              expect(e.escalation!.step).toBe(step + 1)
            } else if (ev.metrics !== good) {
              // Not acted: the position did not move.
              expect(l?.step ?? null).toBe(prevStep)
            }
          }
          prevStep = d.state['app down']?.escalation?.step ?? null
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('escalation: validation and files', () => {
  const base = { name: 'app down', priority: 1, conditions: [{ metric: 'error_rate', operator: 'gt', threshold: 0.5 }], actions: ['send_alert'], cooldown: '5m' }
  const errors = (r: unknown) => {
    const v = validateRule(r)
    return v.ok ? [] : v.errors
  }

  it('accepts a ladder, normalising step actions like a rule\'s', () => {
    const v = validateRule({ ...base, escalation: { timeout: '1m', steps: [{ actions: ['send_alert'], timeout: 30 }] } })
    expect(v.ok && v.rule.escalation).toEqual({ timeout: '1m', steps: [{ actions: [{ type: 'send_alert' }], timeout: 30 }] })
  })

  it.each([
    [{ timeout: '1m' }, 'escalation.steps', 'escalation needs steps'],
    [{ steps: [{ actions: ['send_alert'] }] }, 'escalation.timeout', 'escalation needs a timeout'],
    [{ timeout: '2s', steps: [{ actions: ['send_alert'] }] }, 'escalation.timeout', 'must be from 5s to 24h'],
    [{ timeout: '1m', steps: [{ actions: ['send_alert'], timeout: '2d' }] }, 'escalation.steps[0].timeout', 'must be from 5s to 24h'],
    [{ timeout: '1m', steps: [] }, 'escalation.steps', '1 to 4 steps'],
    [{ timeout: '1m', steps: Array.from({ length: 5 }, () => ({ actions: ['send_alert'] })) }, 'escalation.steps', 'got 5'],
    [{ timeout: '1m', steps: [{ actions: ['restart_everything'] }] }, 'escalation.steps[0].actions[0]', 'unknown action "restart_everything" (did you mean restart_service?)'],
    [{ timeout: '1m', steps: [{ actions: [{ type: 'restart_service' }] }] }, 'escalation.steps[0].actions[0].params.service', 'restart_service needs parameter "service"'],
    [{ timeout: '1m', steps: [{ actions: [] }] }, 'escalation.steps[0].actions', '1 to 16 actions'],
    [{ timeout: '1m', steps: [{ action: ['send_alert'] }] }, 'escalation.steps[0].action', 'actions'],
    [{ timeout: '1m', step: [] }, 'escalation.step', 'steps'],
    ['restart', 'escalation', 'escalation must be {timeout, steps'],
  ])('refuses %j at %s', (escalation, path, message) => {
    const errs = errors({ ...base, escalation })
    expect(errs.map((e) => e.path)).toContain(path)
    expect(errs.find((e) => e.path === path)!.message).toContain(message)
  })

  it('refuses a max_actions that stops the rule before its last step', () => {
    const errs = errors({ ...base, cooldown: 0, max_actions: { count: 2, window: '1h' }, escalation: { timeout: '1m', steps: [{ actions: ['send_alert'] }, { actions: ['send_alert'] }] } })
    expect(errs).toEqual([expect.objectContaining({ path: 'escalation.steps', message: expect.stringContaining('raise max_actions.count to at least 3') })])
  })

  it('a ladder survives the YAML round trip, and YAML errors inside it carry their line', () => {
    const rule = ladderRule()
    const back = parseRules(serializeRules([rule]))
    expect(back.ok && back.rules).toEqual([{ ...rule, enabled: true }])
    const yaml = [
      'rules:',
      '  - name: app down',
      '    priority: 1',
      '    conditions: [{metric: error_rate, operator: gt, threshold: 0.5}]',
      '    actions: [send_alert]',
      '    cooldown: 5m',
      '    escalation:',
      '      timeout: 1m',
      '      steps:',
      '        - actions: [restart_servce]',
    ].join('\n')
    const r = parseRules(yaml)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'rules[0].escalation.steps[0].actions[0]', line: 10 })
  })

  it('rules without escalation are unchanged: no ladder position in their state', () => {
    const r = { ...ladderRule(), escalation: undefined }
    delete r.escalation
    const out = evaluate([r], {}, { ts: 0, metrics: bad }, 0, enabled)
    expect(out.evaluations[0]!.escalation).toBeUndefined()
    expect(Object.keys(out.state['app down']!)).toEqual(['streak', 'holding_since', 'healthy_since', 'live', 'shadow'])
  })
})
