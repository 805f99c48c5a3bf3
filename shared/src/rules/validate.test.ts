import { describe, expect, it } from 'vitest'
import { defaultRules } from './defaults'
import { type RuleError, validateRule, validateRuleset } from './validate'

const base = {
  name: 'Disk nearly full',
  priority: 2,
  conditions: [{ metric: 'disk_percent', operator: 'gt', threshold: 90 }],
  actions: [{ type: 'clear_cache' }],
  cooldown: '5m',
}

/** The errors for `base` with `patch` applied (undefined values delete the field). */
function errorsOf(patch: Record<string, unknown>): RuleError[] {
  const input: Record<string, unknown> = { ...base, ...patch }
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete input[k]
  const r = validateRule(input)
  if (r.ok) throw new Error(`expected errors for ${JSON.stringify(patch)}`)
  return r.errors
}

/** Exactly one error, at `path`, whose message matches. */
function expectError(patch: Record<string, unknown>, path: string, message: RegExp): void {
  const errors = errorsOf(patch)
  expect(errors, JSON.stringify(errors)).toHaveLength(1)
  expect(errors[0]!.path).toBe(path)
  expect(errors[0]!.message).toMatch(message)
}

describe('validateRule', () => {
  it('accepts a good rule and normalizes the YAML shorthands', () => {
    const r = validateRule({
      ...base,
      conditions: [{ metric: 'disk_percent:/var', operator: 'gte', threshold: 90 }],
      actions: ['send_alert', { type: 'restart_service', params: { service: 'nginx.service' } }],
      for: '2m',
    })
    expect(r).toEqual({
      ok: true,
      rule: {
        ...base,
        conditions: [{ metric: 'disk_percent:/var', operator: 'gte', threshold: 90 }],
        actions: [{ type: 'send_alert' }, { type: 'restart_service', params: { service: 'nginx.service' } }],
        enabled: true,
        for: { duration: '2m' },
      },
    })
  })

  it('accepts every default rule as it is', () => {
    for (const rule of defaultRules) expect(validateRule(rule)).toEqual({ ok: true, rule })
  })

  it('does not alias the input', () => {
    const input = structuredClone({ ...base, actions: [{ type: 'send_alert', params: { severity: 'info' } }] })
    const r = validateRule(input)
    if (!r.ok) throw new Error('expected ok')
    input.actions[0]!.params.severity = 'critical'
    expect(r.rule.actions[0]!.params).toEqual({ severity: 'info' })
  })

  describe('the rule itself', () => {
    it('not an object', () => {
      expect(validateRule('High CPU')).toEqual({
        ok: false,
        errors: [{ path: '', message: 'a rule must be an object with name, conditions, actions, priority and cooldown, got "High CPU"' }],
      })
    })
    it.each([
      ['name', /a rule needs a name/],
      ['conditions', /a rule needs conditions/],
      ['actions', /a rule needs actions/],
      ['priority', /a rule needs a priority/],
      ['cooldown', /a rule needs a cooldown/],
    ])('missing %s', (field, message) => expectError({ [field]: undefined }, field, message))

    it('unknown field, with a suggestion for a typo', () => {
      expectError({ cooldwon: '5m' }, 'cooldwon', /unknown field "cooldwon" in a rule \(did you mean cooldown\?\)/)
    })
    it('bad name', () => expectError({ name: '-x' }, 'name', /must start with a letter or digit/))
    it('fractional or negative priority', () => {
      expectError({ priority: 1.5 }, 'priority', /priority must be an integer from 0 \(most urgent\) to 1000, got 1.5/)
      expectError({ priority: -1 }, 'priority', /got -1/)
    })
    it('enabled that is not a boolean (YAML 1.2 reads yes as a string)', () => {
      expectError({ enabled: 'yes' }, 'enabled', /enabled must be true or false, got "yes"/)
    })
  })

  describe('conditions', () => {
    const cond = (c: Record<string, unknown>) => ({ conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90, ...c }] })

    it('unknown metric, with a suggestion', () => {
      expectError(cond({ metric: 'cpu_pct' }), 'conditions[0].metric', /unknown metric "cpu_pct": not in the metric catalogue \(did you mean cpu_percent\?\)/)
    })
    it('a qualifier does not hide an unknown metric', () => {
      expectError(cond({ metric: 'inode_percent:/var' }), 'conditions[0].metric', /unknown metric "inode_percent"/)
    })
    it('bad qualifier', () => expectError(cond({ metric: 'disk_percent:/my disk' }), 'conditions[0].metric', /qualifier/))
    it('unknown operator, with the spelling to use', () => {
      expectError(cond({ operator: '>' }), 'conditions[0].operator', /unknown operator ">" \(write gt\); operators: gt, lt, eq, gte, lte, ne/)
      expectError(cond({ operator: 'above' }), 'conditions[0].operator', /unknown operator "above"/)
    })
    it('threshold as a quoted number', () => {
      expectError(cond({ threshold: '95' }), 'conditions[0].threshold', /threshold must be a number, got the string "95" \(remove the quotes\)/)
    })
    it.each([
      [Number.NaN, /threshold must be a finite number, got NaN/],
      [Number.POSITIVE_INFINITY, /threshold must be a finite number, got Infinity/],
    ])('threshold %s', (threshold, message) => expectError(cond({ threshold }), 'conditions[0].threshold', message))
    it('threshold the metric can never pass', () => {
      expectError(cond({ threshold: 100 }), 'conditions[0].threshold', /cpu_percent > 100 can never hold: cpu_percent is a percentage from 0 to 100/)
      expectError(cond({ operator: 'lt', threshold: -5 }), 'conditions[0].threshold', /can never hold/)
    })
    it('container CPU is a percentage of one core and may exceed 100', () => {
      expect(validateRule({ ...base, ...cond({ metric: 'container_cpu_percent:web', threshold: 250 }) }).ok).toBe(true)
      expectError(cond({ metric: 'container_cpu_percent', operator: 'lt', threshold: 0 }), 'conditions[0].threshold', /can never hold/)
    })
    it('a ratio written as a percentage', () => {
      expectError(cond({ metric: 'error_rate', threshold: 10 }), 'conditions[0].threshold', /error_rate > 10 can never hold: error_rate is a ratio from 0 to 1 \(did you mean 0.1\?\)/)
    })
    it('a condition that always holds', () => {
      expectError(cond({ operator: 'gte', threshold: 0 }), 'conditions[0].threshold', /cpu_percent >= 0 always holds, so it restricts nothing/)
    })
    it('a fraction compared with a 0/1 metric', () => {
      expectError(cond({ metric: 'container_running', operator: 'eq', threshold: 0.5 }), 'conditions[0].threshold', /whole-number metric/)
    })
    it('conditions that exclude each other', () => {
      expectError(
        {
          conditions: [
            { metric: 'cpu_percent', operator: 'gt', threshold: 90 },
            { metric: 'cpu_percent', operator: 'lt', threshold: 20 },
          ],
        },
        'conditions',
        /conditions can never all hold: cpu_percent > 90 and cpu_percent < 20/,
      )
    })
    it('empty, or not a list', () => {
      expectError({ conditions: [] }, 'conditions', /at least one condition/)
      expectError({ conditions: { metric: 'cpu_percent' } }, 'conditions', /must be a list of conditions/)
    })
    it('unknown field in a condition', () => {
      expectError(cond({ value: 3 }), 'conditions[0].value', /unknown field "value" in a condition/)
    })
  })

  describe('actions', () => {
    it('unknown action', () => {
      expectError({ actions: ['reboot'] }, 'actions[0]', /unknown action "reboot"; actions: restart_service, restart_container/)
      expectError({ actions: [{ type: 'restart_servce' }] }, 'actions[0].type', /did you mean restart_service\?/)
    })
    it('unknown parameter', () => {
      expectError({ actions: [{ type: 'restart_service', params: { service: 'app', unit: 'x' } }] }, 'actions[0].params.unit', /unknown parameter "unit" for restart_service; parameters: service/)
      expectError({ actions: [{ type: 'emergency_shutdown', params: { force: true } }] }, 'actions[0].params.force', /it takes no parameters/)
    })
    it('missing parameter', () => {
      expectError({ actions: ['restart_service'] }, 'actions[0].params.service', /restart_service needs parameter "service": a name of letters, digits/)
    })
    it('wrong parameter type', () => {
      expectError({ actions: [{ type: 'scale_up', params: { group: 'app', step: '2' } }] }, 'actions[0].params.step', /scale_up.step must be an integer from 1 to 100, got "2"/)
      expectError({ actions: [{ type: 'send_alert', params: { severity: 'urgent' } }] }, 'actions[0].params.severity', /must be one of info, warning, critical, got "urgent"/)
      expectError({ actions: [{ type: 'scale_down', params: { group: 'rm -rf /' } }] }, 'actions[0].params.group', /scale_down.group must be a name/)
    })
    it('parameters written beside type instead of under params', () => {
      const errors = errorsOf({ actions: [{ type: 'restart_service', service: 'app' }] })
      expect(errors.map((e) => e.path)).toContain('actions[0].service')
      expect(errors.find((e) => e.path === 'actions[0].service')!.message).toMatch(/put it under params/)
    })
    it('a container selector that would match every container', () => {
      expectError({ actions: [{ type: 'restart_container', params: { selector: {} } }] }, 'actions[0].params.selector', /would match every container/)
    })
    it('empty', () => expectError({ actions: [] }, 'actions', /at least one action/))
  })

  describe('durations', () => {
    it.each([
      ['-5m', /cooldown must not be negative, got "-5m"/],
      [-30, /cooldown must not be negative, got -30/],
      ['5 minutes', /cooldown is not a duration: "5 minutes"; write seconds as a number or a string like "90s"/],
      [Number.NaN, /cooldown must be a finite duration, got NaN/],
      ['400d', /at most 365 days/],
      [true, /cooldown must be a duration/],
    ])('cooldown %s', (cooldown, message) => expectError({ cooldown }, 'cooldown', message))

    it('cooldown 0 is allowed (act on every sample)', () => {
      expect(validateRule({ ...base, cooldown: 0 }).ok).toBe(true)
    })
  })

  describe('for', () => {
    it('needs samples and/or duration', () => expectError({ for: {} }, 'for', /for needs samples \(consecutive samples\) and\/or duration/))
    it('refuses a bare number as ambiguous', () => expectError({ for: 3 }, 'for', /for must be \{samples: N\} and\/or \{duration: "5m"\}/))
    it('bad samples', () => expectError({ for: { samples: 0 } }, 'for.samples', /integer from 1 to 10000, got 0/))
    it('zero duration', () => expectError({ for: { duration: '0s' } }, 'for.duration', /must be longer than 0/))
    it('accepts both', () => expect(validateRule({ ...base, for: { samples: 3, duration: 60 } }).ok).toBe(true))
  })

  describe('clear', () => {
    const conditions = [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }]
    it('accepts a clear that describes recovery', () => {
      expect(validateRule({ ...base, conditions, clear: [{ metric: 'cpu_percent', operator: 'lt', threshold: 70 }] }).ok).toBe(true)
      expect(validateRule({ ...base, conditions, clear: [{ metric: 'load_1', operator: 'lt', threshold: 2 }] }).ok).toBe(true)
    })
    it('refuses a clear that holds whenever the rule fires', () => {
      expectError(
        { conditions, clear: [{ metric: 'cpu_percent', operator: 'gt', threshold: 50 }] },
        'clear',
        /clear holds whenever the rule's conditions hold \(cpu_percent > 50 is implied by cpu_percent > 90\).*e\.g\. cpu_percent lte 90/,
      )
    })
    it('refuses a clear that can never hold', () => {
      expectError(
        {
          conditions,
          clear: [
            { metric: 'cpu_percent', operator: 'lt', threshold: 10 },
            { metric: 'cpu_percent', operator: 'gt', threshold: 20 },
          ],
        },
        'clear',
        /clear \(the rule would stay active forever\) can never all hold/,
      )
    })
  })

  describe('max_actions and reset_after', () => {
    it('accepts "3 restarts in 15 min, then stop" with a short cooldown', () => {
      expect(validateRule({ ...base, cooldown: '1m', max_actions: { count: 3, window: '15m' }, reset_after: '1h' }).ok).toBe(true)
    })
    it('refuses a limit the cooldown makes unreachable', () => {
      expectError(
        { cooldown: '10m', max_actions: { count: 3, window: '15m' } },
        'max_actions.count',
        /max_actions has no effect: with a cooldown of 10m at most 2 firings fit in a 15m window, and the limit is 3/,
      )
    })
    it('bad count and window', () => {
      expectError({ max_actions: { count: 0, window: '1h' } }, 'max_actions.count', /integer from 1 to 10000, got 0/)
      expectError({ max_actions: { count: 2, window: 0 } }, 'max_actions.window', /must be longer than 0/)
      expectError({ max_actions: { count: 2 } }, 'max_actions.window', /needs a window/)
    })
    it('reset_after needs max_actions', () => {
      expectError({ reset_after: '1h' }, 'reset_after', /reset_after resets the max_actions counter: add max_actions or remove reset_after/)
    })
    it('negative reset_after', () => {
      expectError({ cooldown: 0, max_actions: { count: 2, window: '1h' }, reset_after: '-1h' }, 'reset_after', /must not be negative/)
    })
  })

  describe('scope', () => {
    it('accepts hosts and labels', () => {
      expect(validateRule({ ...base, scope: { hosts: ['web-1'], labels: { env: 'prod' } } }).ok).toBe(true)
    })
    it('empty scope', () => expectError({ scope: {} }, 'scope', /scope is empty: give hosts and\/or labels, or omit scope/))
    it('empty host list', () => expectError({ scope: { hosts: [] } }, 'scope.hosts', /would apply to no host/))
    it('a label value that is not a string', () => {
      expectError({ scope: { labels: { tier: 1 } } }, 'scope.labels.tier', /label tier must have a string value, got 1 \(quote it: "1"\)/)
    })
  })

  it('reports every problem at once, not only the first', () => {
    const errors = errorsOf({ name: '', cooldown: '-1s', actions: ['nope'] })
    expect(errors.map((e) => e.path).sort()).toEqual(['actions[0]', 'cooldown', 'name'])
  })
})

describe('validateRuleset', () => {
  it('accepts the defaults', () => {
    expect(validateRuleset(defaultRules)).toEqual({ ok: true, rules: defaultRules })
  })

  it('refuses duplicate names, ignoring case, pointing at the second', () => {
    const r = validateRuleset([base, { ...base, name: 'DISK NEARLY FULL' }])
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'rules[1].name', message: 'duplicate rule name "DISK NEARLY FULL": rules[0] has the same name' }],
    })
  })

  it('prefixes errors with the rule index', () => {
    const r = validateRuleset([base, { ...base, name: 'b', priority: 'high' }])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]!.path).toBe('rules[1].priority')
  })

  it('refuses something that is not a list', () => {
    expect(validateRuleset({ rules: [] })).toEqual({ ok: false, errors: [{ path: 'rules', message: 'a ruleset must be a list of rules, got {"rules":[]}' }] })
  })
})
