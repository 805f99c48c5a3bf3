import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scops-cfg-'))
  dirs.push(dir)
  const path = join(dir, 'agent.yaml')
  writeFileSync(path, text)
  return path
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('reads the file, then env overrides it, then flags override env', () => {
    const path = file('control_plane_url: http://cp:8080/\nstate_dir: /tmp/a\nlabels: { env: prod }\ninterval: 5s\n')
    const env = { SCOPS_STATE_DIR: '/tmp/b', SCOPS_BUFFER_SIZE: '20' }
    const cfg = loadConfig(['--config', path, '--state-dir', '/tmp/c', '--label', 'role=web', '--label', 'zone=a'], env)
    expect(cfg.controlPlaneUrl).toBe('http://cp:8080')
    expect(cfg.stateDir).toBe('/tmp/c')
    expect(cfg.bufferSize).toBe(20)
    expect(cfg.intervalS).toBe(5)
    expect(cfg.labels).toEqual({ role: 'web', zone: 'a' })
    expect(cfg.policy).toEqual({ kind: 'default' })
  })

  it('takes several control-plane replicas, comma-separated, and names a bad one', () => {
    const cfg = loadConfig(['--config', file('control_plane_url: "http://cp-1:8080/, http://cp-2:8080 ,https://cp-3"\n')], {})
    expect(cfg.controlPlaneUrls).toEqual(['http://cp-1:8080', 'http://cp-2:8080', 'https://cp-3'])
    expect(cfg.controlPlaneUrl).toBe('http://cp-1:8080')
    expect(loadConfig([], { SCOPS_CONTROL_PLANE_URL: 'http://a:1,http://b:1' }).controlPlaneUrls).toEqual(['http://a:1', 'http://b:1'])
    expect(errorOf(() => loadConfig(['--control-plane', 'http://a:1,http://a:1/'], {})).message).toBe('control_plane_url: http://a:1 is listed twice')
    expect(errorOf(() => loadConfig(['--control-plane', 'http://a:1,,http://b:1'], {})).key).toBe('control_plane_url')
    expect(errorOf(() => loadConfig(['--control-plane', 'http://a:1,ftp://b'], {})).key).toBe('control_plane_url')
    const many = Array.from({ length: 17 }, (_, i) => `http://cp-${i}:8080`).join(',')
    expect(errorOf(() => loadConfig(['--control-plane', many], {})).message).toBe('control_plane_url: at most 16 control-plane URLs, got 17')
  })

  it('leaves interval and buffer size to the control plane when not pinned', () => {
    const cfg = loadConfig(['--control-plane', 'http://127.0.0.1:1'], {})
    expect(cfg.intervalS).toBeNull()
    expect(cfg.bufferSize).toBeNull()
  })

  it('serves no /metrics unless metrics_listen is set; a bad address names the key', () => {
    expect(loadConfig(['--control-plane', 'http://x'], {}).metricsListen).toBeNull()
    expect(loadConfig(['--control-plane', 'http://x'], { SCOPS_METRICS_LISTEN: '127.0.0.1:9464' }).metricsListen).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(loadConfig(['--control-plane', 'http://x', '--metrics-listen', '[::1]:9100'], {}).metricsListen).toEqual({ host: '::1', port: 9100 })
    for (const bad of ['9464', '127.0.0.1:0', '127.0.0.1:70000', 'example.com:9464', 'http://127.0.0.1:9464']) {
      const e = errorOf(() => loadConfig(['--control-plane', 'http://x', '--metrics-listen', bad], {}))
      expect(e.key).toBe('metrics_listen')
    }
  })

  it('host_root points the collectors at <host_root>/proc, and a root without a mounted /proc names the key', () => {
    expect(loadConfig(['--control-plane', 'http://x'], {}).hostProc).toBeNull()
    expect(loadConfig(['--control-plane', 'http://x', '--host-root', '/'], {}).hostProc).toBeNull()
    const host = join(mkdtempSync(join(tmpdir(), 'scops-host-')), 'host')
    dirs.push(join(host, '..'))
    const e = errorOf(() => loadConfig(['--control-plane', 'http://x'], { SCOPS_HOST_ROOT: host }))
    expect(e.key).toBe('host_root')
    expect(e.message).toContain(`${host}/proc/stat does not exist`)
    mkdirSync(join(host, 'proc'), { recursive: true })
    writeFileSync(join(host, 'proc', 'stat'), 'cpu 1 2 3 4\n')
    expect(loadConfig(['--config', file(`control_plane_url: http://x\nhost_root: ${host}/\n`)], {}).hostProc).toBe(`${host}/proc`)
    expect(errorOf(() => loadConfig(['--control-plane', 'http://x', '--host-root', 'host'], {})).key).toBe('host_root')
  })

  it('names an unknown key in the file', () => {
    const e = errorOf(() => loadConfig(['--config', file('control_plane_url: http://x\nintervall: 5s\n')], {}))
    expect(e.key).toBe('intervall')
    expect(e.message).toMatch(/unknown key/)
  })

  it('names a bad value and where it came from', () => {
    const e = errorOf(() => loadConfig(['--control-plane', 'http://x'], { SCOPS_BUFFER_SIZE: '0' }))
    expect(e.key).toBe('buffer_size')
    expect(e.message).toMatch(/SCOPS_BUFFER_SIZE/)
    const bad = errorOf(() => loadConfig(['--control-plane', 'ftp://x'], {}))
    expect(bad.key).toBe('control_plane_url')
  })

  it('requires the control plane URL', () => {
    expect(errorOf(() => loadConfig([], {})).key).toBe('control_plane_url')
  })

  it('rejects an interval under one second and malformed labels', () => {
    expect(errorOf(() => loadConfig(['--control-plane', 'http://x', '--interval', '500ms'], {})).key).toBe('interval')
    expect(errorOf(() => loadConfig(['--control-plane', 'http://x', '--label', 'novalue'], {})).key).toBe('--label')
  })

  it('takes the stall timeout from file, env or flag within 30 s..1 h, 120 s by default', () => {
    expect(loadConfig(['--control-plane', 'http://x'], {}).stallTimeoutS).toBe(120)
    expect(loadConfig(['--config', file('control_plane_url: http://x\nstall_timeout: 5m\n')], {}).stallTimeoutS).toBe(300)
    expect(loadConfig(['--control-plane', 'http://x'], { SCOPS_STALL_TIMEOUT: '45s' }).stallTimeoutS).toBe(45)
    const short = errorOf(() => loadConfig(['--control-plane', 'http://x', '--stall-timeout', '10s'], {}))
    expect(short.key).toBe('stall_timeout')
    expect(short.message).toMatch(/between 30s and 1h, got "10s"/)
    expect(errorOf(() => loadConfig(['--control-plane', 'http://x', '--stall-timeout', '2h'], {})).key).toBe('stall_timeout')
  })

  it('fails on a missing explicit file and on YAML that is not a mapping', () => {
    expect(errorOf(() => loadConfig(['--config', '/nonexistent/agent.yaml'], {})).key).toBe('config')
    expect(errorOf(() => loadConfig(['--config', file('- a\n- b\n')], {})).key).toBe('config')
    expect(errorOf(() => loadConfig(['--config', file('a: [\n')], {})).key).toBe('config')
  })

  it('takes an inline policy section, or a policy file, not both', () => {
    const inline = loadConfig(['--config', file('control_plane_url: http://x\npolicy:\n  actions: { send_alert: {} }\n')], {})
    expect(inline.policy).toMatchObject({ kind: 'inline', value: { actions: { send_alert: {} } } })
    const both = file('control_plane_url: http://x\npolicy: { actions: {} }\npolicy_file: /etc/p.yaml\n')
    expect(errorOf(() => loadConfig(['--config', both], {})).key).toBe('policy_file')
  })

  it('rejects unknown flags', () => {
    expect(errorOf(() => loadConfig(['--nope'], {})).key).toBe('flags')
  })
})
