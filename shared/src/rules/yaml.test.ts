import { describe, expect, it } from 'vitest'
import { defaultRules } from './defaults'
import type { Rule } from './schema'
import { parseRules, serializeRules } from './yaml'

const extended: Rule = {
  name: 'web restarts',
  description: 'restart web, at most 3 times in 15 minutes; resume after an hour of health',
  priority: 1,
  conditions: [
    { metric: 'error_rate:web', operator: 'gte', threshold: 0.25 },
    { metric: 'container_running:web', operator: 'eq', threshold: 1 },
  ],
  actions: [{ type: 'restart_container', params: { selector: { labels: { 'com.docker.compose.service': 'web' } } } }, { type: 'send_alert' }],
  cooldown: 90,
  enabled: false,
  for: { samples: 3, duration: '1m' },
  clear: [{ metric: 'error_rate:web', operator: 'lt', threshold: 0.05 }],
  max_actions: { count: 3, window: '15m' },
  reset_after: '1h',
  scope: { hosts: ['123', 'web-1'], labels: { env: 'prod', tier: '1' } },
}

describe('rules files', () => {
  it.each(['yaml', 'json'] as const)('%s round trip keeps every rule exactly', (format) => {
    const rules = [...defaultRules, extended]
    const text = serializeRules(rules, format)
    expect(parseRules(text, { format })).toEqual({ ok: true, rules })
  })

  it('serializes YAML that needs quoting (a host id that looks like a number) so it reads back as a string', () => {
    const text = serializeRules([extended])
    const r = parseRules(text)
    expect(r.ok && r.rules[0]!.scope!.hosts![0]).toBe('123')
  })

  it('reads a bare list as well as {rules: [...]}, with the YAML shorthands', () => {
    const text = `
- name: Disk nearly full
  priority: 2
  conditions:
    - { metric: "disk_percent:/var", operator: gt, threshold: 90 }
  actions: [send_alert, clear_cache]
  cooldown: 10m
  for: 5m
`
    expect(parseRules(text)).toEqual({
      ok: true,
      rules: [
        {
          name: 'Disk nearly full',
          priority: 2,
          conditions: [{ metric: 'disk_percent:/var', operator: 'gt', threshold: 90 }],
          actions: [{ type: 'send_alert' }, { type: 'clear_cache' }],
          cooldown: '10m',
          enabled: true,
          for: { duration: '5m' },
        },
      ],
    })
  })

  it('names the line of a YAML syntax error', () => {
    const text = 'rules:\n  - name: a\n    priority: [1\n    cooldown: 5m\n'
    const r = parseRules(text)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors[0]!.message).toMatch(/^invalid YAML: /)
      expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3)
    }
  })

  it('names the line of a validation error', () => {
    const text = [
      'rules:', //                                   1
      '  - name: High CPU', //                       2
      '    priority: 2', //                          3
      '    cooldown: 10m', //                        4
      '    conditions:', //                          5
      '      - metric: cpu_percent', //              6
      '        operator: gt', //                     7
      '        threshold: 90', //                    8
      '      - metric: ml_anomaly', //               9
      '        operator: gt', //                     10
      '        threshold: .nan', //                  11
      '    actions: [scale_up]', //                  12
    ].join('\n')
    const r = parseRules(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      { path: 'rules[0].conditions[1].metric', message: expect.stringMatching(/unknown metric "ml_anomaly".*did you mean ml_anomaly_score/), line: 9 },
      { path: 'rules[0].conditions[1].threshold', message: 'threshold must be a finite number, got NaN', line: 11 },
      { path: 'rules[0].actions[0].params.group', message: expect.stringMatching(/scale_up needs parameter "group"/), line: 12 },
    ])
  })

  it('points a missing field at its rule', () => {
    const r = parseRules('- name: x\n  priority: 1\n  cooldown: 1m\n  actions: [send_alert]\n')
    expect(r).toEqual({ ok: false, errors: [{ path: 'rules[0].conditions', message: 'a rule needs conditions (all must hold)', line: 1 }] })
  })

  it('refuses duplicate keys instead of silently taking the last', () => {
    const r = parseRules('- name: x\n  name: y\n')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/invalid YAML: .*[Uu]nique/)
  })

  it('refuses unknown top-level fields and other shapes', () => {
    expect(parseRules('rules: []\nversion: 3\n')).toEqual({
      ok: false,
      errors: [{ path: 'version', message: 'unknown top-level field "version": a rules file is a list of rules or {rules: [...]}', line: 2 }],
    })
    expect(parseRules('just text').ok).toBe(false)
    expect(parseRules('').ok).toBe(false)
  })

  it('reports invalid JSON with its line', () => {
    const r = parseRules('{\n  "rules": [\n    { "name": "x" ]\n}', { format: 'json' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors[0]!.message).toMatch(/^invalid JSON: /)
      expect(r.errors[0]!.line).toBe(3)
    }
  })

  it('gives JSON validation errors lines too', () => {
    const json = JSON.stringify({ rules: [{ ...extended, cooldown: '-1m' }] }, null, 2)
    const r = parseRules(json, { format: 'json' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      const line = json.split('\n').findIndex((l) => l.includes('"cooldown"')) + 1
      expect(r.errors).toEqual([{ path: 'rules[0].cooldown', message: 'cooldown must not be negative, got "-1m"', line }])
    }
  })
})
