/**
 * systemd cannot run here, so the systemd path is tested BY CONTRACT: the same suite runs against
 * the in-memory systemd test double and against the real systemctlManager driving a stand-in
 * `systemctl` binary (a small script that records its argv and answers like systemctl does).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePolicy } from './policy'
import { allowedBy } from './allowed-by'
import { runAction } from './run-action'
import { systemctlManager } from './systemd'
import { systemdTestDouble } from '../../test-support/systemd-test-double'
import { testExecContext } from '../../test-support/test-context'
import type { SystemdManager } from './types'

const FAKE_SYSTEMCTL = `#!/bin/sh
# Stand-in systemctl for tests. Units are files in $DIR/units; content active|inactive|broken.
DIR="$(dirname "$0")"
printf '%s\\n' "$*" >> "$DIR/calls.log"
verb="$1"; shift
while [ "$1" != "--" ] && [ $# -gt 0 ]; do shift; done
[ "$1" = "--" ] && shift
unit="$1"
case "$verb" in
  restart)
    [ -f "$DIR/units/$unit" ] || { echo "Failed to restart $unit: Unit $unit not found." >&2; exit 5; }
    if [ "$(cat "$DIR/units/$unit")" = broken ]; then echo "Job for $unit failed." >&2; exit 1; fi
    echo active > "$DIR/units/$unit"; exit 0 ;;
  is-active)
    [ -f "$DIR/units/$unit" ] && [ "$(cat "$DIR/units/$unit")" = active ] && exit 0; exit 3 ;;
  *) exit 1 ;;
esac
`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scops-systemctl-'))
  await writeFile(join(dir, 'systemctl'), FAKE_SYSTEMCTL)
  await chmod(join(dir, 'systemctl'), 0o755)
  await mkdir(join(dir, 'units'))
  await writeFile(join(dir, 'units', 'nginx.service'), 'inactive')
  await writeFile(join(dir, 'units', 'broken.service'), 'broken')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const implementations: [string, () => SystemdManager][] = [
  [
    'systemd test double',
    () => systemdTestDouble({ 'nginx.service': { active: false }, 'broken.service': { active: false, failsToRestart: true } }),
  ],
  ['systemctlManager with a stand-in systemctl binary (systemd test double)', () => systemctlManager({ systemctlPath: join(dir, 'systemctl') })],
]

describe.each(implementations)('SystemdManager contract: %s', (_name, make) => {
  it('restarts a known unit, which is then active', async () => {
    const m = make()
    expect(await m.isActive('nginx.service')).toBe(false)
    const r = await m.restart('nginx.service', new AbortController().signal)
    expect(r).toMatchObject({ ok: true, target: 'nginx.service' })
    expect(await m.isActive('nginx.service')).toBe(true)
  })

  it('reports an unknown unit as not retryable', async () => {
    const r = await make().restart('nope.service', new AbortController().signal)
    expect(r).toMatchObject({ ok: false, retryable: false, error: { code: 'unit_not_found' } })
  })

  it('reports a failing restart as retryable, with systemctl’s message', async () => {
    const r = await make().restart('broken.service', new AbortController().signal)
    expect(r).toMatchObject({ ok: false, retryable: true, error: { code: 'systemctl_failed' } })
    expect(r.error?.message).toContain('broken.service')
  })

  it('does not throw on an aborted signal', async () => {
    const r = await make().restart('nginx.service', AbortSignal.abort())
    expect(r.ok).toBe(false)
  })
})

describe('systemctlManager (with the stand-in systemctl binary)', () => {
  it('passes the unit as one argv element after "--", never through a shell', async () => {
    const m = systemctlManager({ systemctlPath: join(dir, 'systemctl') })
    await writeFile(join(dir, 'calls.log'), '')
    await m.restart('nginx.service', new AbortController().signal)
    expect((await readFile(join(dir, 'calls.log'), 'utf8')).trim()).toBe('restart --no-ask-password -- nginx.service')
  })

  it('refuses a unit name that could be read as an option or shell syntax', async () => {
    const m = systemctlManager({ systemctlPath: join(dir, 'systemctl') })
    await writeFile(join(dir, 'calls.log'), '')
    for (const unit of ['--force', 'a;reboot', '$(id)']) {
      expect(await m.restart(unit, new AbortController().signal)).toMatchObject({ ok: false, error: { code: 'invalid_unit' } })
    }
    expect(await readFile(join(dir, 'calls.log'), 'utf8')).toBe('')
  })

  it('reports a missing systemctl as not retryable', async () => {
    const m = systemctlManager({ systemctlPath: join(dir, 'no-such-systemctl') })
    expect(await m.restart('nginx.service', new AbortController().signal)).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: 'systemctl_missing' },
    })
  })
})

describe('restart_service, systemd path (systemd test double)', () => {
  const policy = parsePolicy('actions:\n  restart_service: {}\nservices:\n  web: { systemd: nginx.service }\n', 'p.yaml')

  it('restarts the unit local policy names for the service', async () => {
    const systemd = systemdTestDouble({ 'nginx.service': { active: false } })
    const r = await runAction(testExecContext({ policy, systemd }), { type: 'restart_service', params: { service: 'web' } })
    expect(r).toMatchObject({ ok: true, target: 'nginx.service' })
    expect(systemd.calls).toEqual([['restart', '--no-ask-password', '--', 'nginx.service']])
  })

  it('refuses a service local policy does not define, without calling systemctl', async () => {
    const systemd = systemdTestDouble({ 'sshd.service': { active: true } })
    const ctx = testExecContext({ policy, systemd })
    const spec = { type: 'restart_service' as const, params: { service: 'sshd' } }
    expect(await allowedBy(ctx, spec, new AbortController().signal)).toMatchObject({ allowed: false, reason: expect.stringContaining('services.sshd') })
    // And the executor, were it reached anyway, restarts nothing the policy does not name.
    const r = await runAction(ctx, spec)
    expect(r).toMatchObject({ ok: false, error: { code: 'no_target' } })
    expect(systemd.calls).toEqual([])
  })

  it('emergency_shutdown powers off only when local policy allows it (systemd test double)', async () => {
    const yes = parsePolicy('actions:\n  emergency_shutdown: { allow_poweroff: true }\n', 'p.yaml')
    const no = parsePolicy('actions:\n  emergency_shutdown: { allow_poweroff: false }\nsheddable: { name: batch }\n', 'p.yaml')
    const s1 = systemdTestDouble()
    expect(await runAction(testExecContext({ policy: yes, systemd: s1 }), { type: 'emergency_shutdown', params: {} })).toMatchObject({
      ok: true,
      target: 'host',
    })
    expect(s1.calls).toEqual([['poweroff', '--no-ask-password']])
    const s2 = systemdTestDouble()
    const unreachable = new Docker({ socketPath: join(dir, 'nobody.sock') })
    const r = await runAction(testExecContext({ policy: no, systemd: s2, docker: unreachable }), { type: 'emergency_shutdown', params: {} })
    expect(r.ok).toBe(false)
    expect(s2.calls).toEqual([])
  })
})
