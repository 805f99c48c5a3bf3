/** Executors against real containers on the test Docker engine. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, testDocker, testImage } from '@smartcloudops/test-support'
import { parsePolicy, type LocalPolicy } from '../policy'
import { allowedBy } from '../allowed-by'
import { runAction } from '../run-action'
import { testContainers, type TestContainers } from '../../../test-support/test-containers'
import { testExecContext } from '../../../test-support/test-context'
import type { ExecContext } from '../types'

async function startedAt(c: Docker.Container): Promise<string> {
  return (await c.inspect()).State.StartedAt
}

/** Text written to stdout by an argv run inside the container (used to check what a hook did). */
async function execOutput(docker: Docker, c: Docker.Container, argv: string[]): Promise<string> {
  const exec = await c.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({ hijack: true, stdin: false })
  let out = ''
  const { Writable } = await import('node:stream')
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) })
  docker.modem.demuxStream(stream, sink, sink)
  await new Promise((resolve) => stream.on('end', resolve))
  return out
}

describeWithDocker('executors against real containers', () => {
  const docker = testDocker()
  let tc: TestContainers
  let policy: LocalPolicy
  let ctx: ExecContext
  let id: string
  let dir: string
  const group = () => `g${id}`
  const running = async (labels: Record<string, string>) =>
    (await docker.listContainers({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } }))
      .map((c) => c.Names[0]!.slice(1))
      .sort()

  beforeAll(async () => {
    tc = testContainers(docker)
    id = tc.runId
    dir = await mkdtemp(join(tmpdir(), 'scops-exec-'))
    policy = parsePolicy(
      `
actions:
  restart_container: { selector_labels_required: ["scops.restartable=true"], stop_timeout: 1s }
  restart_service: {}
  scale_up: {}
  scale_down: {}
  clear_cache: { page_cache: true }
  emergency_shutdown: { stop_timeout: 1s }
  send_alert: {}
services:
  web: { container: { labels: { scops.svc: web-${id} } }, stop_timeout: 1s }
groups:
  g${id}: { selector: { labels: { scops.group: g${id} } }, min: 1, max: 3, stop_timeout: 1s }
cache_hooks:
  touch: { container: { name: cache-${id} }, argv: [sh, -c, "echo cleared > /tmp/cleared"] }
  failing: { container: { name: cache-${id} }, argv: ["false"] }
sheddable: { labels: { scops.sheddable: "true", scops.test: "${id}" } }
`,
      'docker-test.yaml',
    )
    ctx = testExecContext({ policy, docker })
  })

  afterAll(async () => {
    await tc.cleanup()
    await rm(dir, { recursive: true, force: true })
  })

  it('restart_container restarts a labelled container and refuses one without the policy labels', async () => {
    const ok = await tc.create({ name: `rc-ok-${id}`, labels: { app: `rc-${id}`, 'scops.restartable': 'true' } })
    const no = await tc.create({ name: `rc-no-${id}`, labels: { app: `rc-${id}` } })
    const [okBefore, noBefore] = [await startedAt(ok), await startedAt(no)]

    const r = await runAction(ctx, { type: 'restart_container', params: { selector: { labels: { app: `rc-${id}` } } } })
    expect(r).toMatchObject({ ok: true, target: `rc-ok-${id}`, result: { restarted: [`rc-ok-${id}`], refused: [`rc-no-${id}`] } })
    expect(Date.parse(await startedAt(ok))).toBeGreaterThan(Date.parse(okBefore))
    expect(await startedAt(no)).toBe(noBefore)

    // The policy gate's question: refused before anything runs, naming the container it will not touch.
    const onlyRefused = { type: 'restart_container' as const, params: { selector: { name: `rc-no-${id}` } } }
    const verdict = await allowedBy(ctx, onlyRefused, new AbortController().signal)
    expect(verdict).toMatchObject({ allowed: false })
    if (!verdict.allowed) expect(verdict.reason).toContain(`rc-no-${id}`)
    expect(await allowedBy(ctx, { type: 'restart_container', params: { selector: { labels: { app: `rc-${id}` } } } }, new AbortController().signal)).toEqual({ allowed: true })

    const refused = await runAction(ctx, onlyRefused)
    expect(refused).toMatchObject({ ok: false, retryable: false, error: { code: 'no_target' } })
    expect(refused.error?.message).toContain('scops.restartable=true')
    expect(await startedAt(no)).toBe(noBefore)
  })

  it('restart_service restarts the containers standing for a container-backed service', async () => {
    const a = await tc.create({ name: `svc-a-${id}`, labels: { 'scops.svc': `web-${id}` } })
    const b = await tc.create({ name: `svc-b-${id}`, labels: { 'scops.svc': `web-${id}` } })
    const before = [await startedAt(a), await startedAt(b)]
    const r = await runAction(ctx, { type: 'restart_service', params: { service: 'web' } })
    expect(r.ok).toBe(true)
    expect((r.result?.restarted as string[]).sort()).toEqual([`svc-a-${id}`, `svc-b-${id}`])
    expect(Date.parse(await startedAt(a))).toBeGreaterThan(Date.parse(before[0]!))
    expect(Date.parse(await startedAt(b))).toBeGreaterThan(Date.parse(before[1]!))
  })

  it('scale_up clones the newest replica up to max, then reports at_bound; scale_down goes back to min', async () => {
    const labels = { 'scops.group': group() }
    await tc.create({ name: `${group()}-1`, labels, cmd: ['sleep', '3601'] })

    const one = await runAction(ctx, { type: 'scale_up', params: { group: group() } })
    expect(one).toMatchObject({ ok: true, result: { added: [`${group()}-2`], replicas: 2, max: 3 } })
    const clone = await docker.getContainer(`${group()}-2`).inspect()
    expect(clone.State.Running).toBe(true)
    expect(clone.Config.Cmd).toEqual(['sleep', '3601'])
    expect(clone.Config.Labels).toMatchObject({ ...labels, 'scops.test': id, 'scops.replica-of': `${group()}-1` })
    expect(clone.HostConfig.Init).toBe(true)
    expect(clone.HostConfig.NetworkMode).toBe('host')
    expect(clone.Image).toBe((await docker.getImage(testImage).inspect()).Id)

    // step 5 is capped by max: 3
    const capped = await runAction(ctx, { type: 'scale_up', params: { group: group(), step: 5 } })
    expect(capped).toMatchObject({ ok: true, result: { added: [`${group()}-3`], replicas: 3 } })
    expect(await running(labels)).toEqual([`${group()}-1`, `${group()}-2`, `${group()}-3`])

    const bound = await runAction(ctx, { type: 'scale_up', params: { group: group() } })
    expect(bound).toMatchObject({ ok: false, retryable: false, error: { code: 'at_bound' } })
    expect(await running(labels)).toHaveLength(3)

    // scale_down removes the newest first and stops at min: 1
    const down = await runAction(ctx, { type: 'scale_down', params: { group: group(), step: 5 } })
    expect(down).toMatchObject({ ok: true, result: { removed: [`${group()}-3`, `${group()}-2`], replicas: 1, min: 1 } })
    expect(await running(labels)).toEqual([`${group()}-1`])
    const gone = await docker.listContainers({ all: true, filters: { label: [`scops.group=${group()}`] } })
    expect(gone).toHaveLength(1)

    const floor = await runAction(ctx, { type: 'scale_down', params: { group: group() } })
    expect(floor).toMatchObject({ ok: false, retryable: false, error: { code: 'at_bound' } })
    expect(await running(labels)).toEqual([`${group()}-1`])
  })

  it('emergency_shutdown stops only the sheddable containers', async () => {
    await tc.create({ name: `shed-1-${id}`, labels: { 'scops.sheddable': 'true' } })
    await tc.create({ name: `shed-2-${id}`, labels: { 'scops.sheddable': 'true' } })
    await tc.create({ name: `keep-${id}`, labels: { 'scops.sheddable': 'false' } })
    const r = await runAction(ctx, { type: 'emergency_shutdown', params: {} })
    expect(r).toMatchObject({ ok: true, result: { stopped: [`shed-1-${id}`, `shed-2-${id}`], errors: [] } })
    expect((await docker.getContainer(`shed-1-${id}`).inspect()).State.Running).toBe(false)
    expect((await docker.getContainer(`shed-2-${id}`).inspect()).State.Running).toBe(false)
    expect((await docker.getContainer(`keep-${id}`).inspect()).State.Running).toBe(true)
    // stopped, not removed: a person can start them again
    expect((await docker.getContainer(`shed-1-${id}`).inspect()).State.Status).toBe('exited')
  })

  it('clear_cache runs a named hook inside its container and checks the exit code', async () => {
    const cache = await tc.create({ name: `cache-${id}` })
    const r = await runAction(ctx, { type: 'clear_cache', params: { hook: 'touch' } })
    expect(r).toMatchObject({ ok: true, target: `touch (cache-${id})`, result: { exit_code: 0 } })
    expect(await execOutput(docker, cache, ['cat', '/tmp/cleared'])).toBe('cleared\n')

    const bad = await runAction(ctx, { type: 'clear_cache', params: { hook: 'failing' } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'hook_failed' }, result: { exit_code: 1 } })
  })
})
