import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkPolicy, loadPolicy, parsePolicy, PolicyError, safeDefaultPolicy } from './policy'

const example = `
actions:
  restart_container: { selector_labels_required: ["scops.restartable=true"] }
  restart_service:   {}
  scale_up:          {}
  scale_down:        {}
  clear_cache:       { page_cache: false }
  emergency_shutdown: { allow_poweroff: false }
  send_alert:        {}
services:
  app:  { container: { labels: { com.docker.compose.service: app } } }
  nginx: { systemd: nginx.service }
groups:
  app: { selector: { labels: { scops.group: app } }, min: 1, max: 5 }
cache_hooks:
  redis: { container: { name: redis }, argv: [redis-cli, FLUSHALL] }
sheddable: { labels: { scops.sheddable: "true" } }
probes:
  - { name: app, url: "http://127.0.0.1:8000/health", timeout: 5s, interval: 10s }
`

function issuesOf(text: string): string[] {
  try {
    parsePolicy(text, 'agent.yaml')
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError)
    expect((err as PolicyError).code).toBe('policy_invalid')
    expect((err as PolicyError).message).toContain('agent.yaml')
    return (err as PolicyError).issues
  }
  throw new Error('expected the policy to be rejected')
}

describe('local policy: parsing', () => {
  it('accepts the documented example', () => {
    const p = parsePolicy(example, 'agent.yaml')
    expect(p.groups?.app).toEqual({ selector: { labels: { 'scops.group': 'app' } }, min: 1, max: 5 })
    expect(p.services?.nginx).toEqual({ systemd: 'nginx.service' })
    expect(p.probes?.[0]?.name).toBe('app')
  })

  it('names a misspelt key', () => {
    const issues = issuesOf('actions:\n  restart_contaner: {}\n')
    expect(issues).toContain('actions.restart_contaner: unknown key')
  })

  it('names a nested bad value with its path', () => {
    const issues = issuesOf('actions: {}\ngroups:\n  app: { selector: { labels: { a: b } }, min: -1, max: 2 }\n')
    expect(issues.some((i) => i.startsWith('groups.app.min:'))).toBe(true)
  })

  it('rejects min above max, empty selectors, duplicate probes and a unit that looks like an option', () => {
    expect(issuesOf('actions: {}\ngroups:\n  app: { selector: { labels: { a: b } }, min: 4, max: 2 }\n')).toEqual([
      'groups.app.min: must not exceed max (4 > 2)',
    ])
    expect(issuesOf('actions: {}\nsheddable: {}\n')[0]).toMatch(/^sheddable: selector must name/)
    expect(issuesOf('actions: {}\nservices:\n  x: { container: { labels: {} } }\n')[0]).toMatch(/^services\.x\.container:/)
    const dup = issuesOf('actions: {}\nprobes:\n  - { name: a, url: "http://127.0.0.1:1/" }\n  - { name: a, url: "http://127.0.0.1:2/" }\n')
    expect(dup).toEqual(['probes[1].name: duplicate probe name "a"'])
    expect(issuesOf('actions: {}\nservices:\n  x: { systemd: "--force" }\n').length).toBeGreaterThan(0)
  })

  it('checks durations: positive and bounded', () => {
    expect(issuesOf('actions: {}\nservices:\n  x: { container: { name: x }, stop_timeout: 0s }\n')).toEqual([
      'services.x.stop_timeout: must be greater than 0 and at most 600s',
    ])
    expect(issuesOf('actions: {}\nprobes:\n  - { name: a, url: "http://127.0.0.1:1/", timeout: 10m }\n')).toEqual([
      'probes[0].timeout: must be greater than 0 and at most 300s',
    ])
  })

  it('reports YAML syntax errors and an empty file clearly', () => {
    expect(issuesOf('actions: [unclosed\n')[0]).toBeTruthy()
    expect(issuesOf('')).toEqual(['(top level): empty'])
    expect(issuesOf('actions: {}\nactions: {}\n').length).toBeGreaterThan(0)
  })

  it('loads from a file and names the path when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scops-policy-'))
    try {
      const file = join(dir, 'agent.yaml')
      await writeFile(file, example)
      expect((await loadPolicy(file)).actions.send_alert).toEqual({})
      await expect(loadPolicy(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml.*ENOENT/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('local policy: checkPolicy', () => {
  const p = parsePolicy(example, 'agent.yaml')

  it('the safe default allows only send_alert', () => {
    expect(checkPolicy(safeDefaultPolicy, { type: 'send_alert', params: {} })).toEqual({ allowed: true })
    for (const type of ['restart_container', 'restart_service', 'scale_up', 'scale_down', 'clear_cache', 'emergency_shutdown'] as const) {
      const r = checkPolicy(safeDefaultPolicy, { type, params: {} })
      expect(r.allowed, type).toBe(false)
    }
  })

  it('refuses targets the policy does not define', () => {
    expect(checkPolicy(p, { type: 'restart_service', params: { service: 'app' } })).toEqual({ allowed: true })
    expect(checkPolicy(p, { type: 'restart_service', params: { service: 'sshd' } })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('services.sshd'),
    })
    expect(checkPolicy(p, { type: 'scale_up', params: { group: 'db' } }).allowed).toBe(false)
    expect(checkPolicy(p, { type: 'scale_down', params: { group: 'app' } }).allowed).toBe(true)
    expect(checkPolicy(p, { type: 'clear_cache', params: { hook: 'redis' } }).allowed).toBe(true)
    expect(checkPolicy(p, { type: 'clear_cache', params: { hook: 'memcached' } }).allowed).toBe(false)
  })

  it('refuses dropping the page cache unless page_cache is true', () => {
    expect(checkPolicy(p, { type: 'clear_cache', params: {} })).toMatchObject({ allowed: false })
    const q = parsePolicy('actions:\n  clear_cache: { page_cache: true }\n', 'q.yaml')
    expect(checkPolicy(q, { type: 'clear_cache', params: {} })).toEqual({ allowed: true })
  })

  it('refuses emergency_shutdown when nothing is sheddable and poweroff is not allowed', () => {
    const q = parsePolicy('actions:\n  emergency_shutdown: {}\n', 'q.yaml')
    expect(checkPolicy(q, { type: 'emergency_shutdown', params: {} }).allowed).toBe(false)
    expect(checkPolicy(p, { type: 'emergency_shutdown', params: {} }).allowed).toBe(true)
  })
})
