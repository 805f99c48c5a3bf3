import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePolicy } from '../policy'
import { runAction } from '../run-action'
import { testExecContext } from '../../../test-support/test-context'

/** A stand-in external scaler on 127.0.0.1 that keeps a replica count within the bounds it is sent. */
describe('scale_up / scale_down through a scaling webhook', () => {
  let server: Server
  let port: number
  let replicas = 2
  let status: number | undefined
  const requests: { body: Record<string, unknown>; auth: string | undefined }[] = []

  const readBody = async (req: IncomingMessage) => {
    let s = ''
    for await (const chunk of req) s += chunk
    return JSON.parse(s) as Record<string, unknown>
  }

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req)
      requests.push({ body, auth: req.headers.authorization })
      if (status) return void res.writeHead(status).end()
      const next = replicas + (body.action === 'scale_up' ? 1 : -1) * Number(body.step)
      if (next > Number(body.max) || next < Number(body.min)) return void res.writeHead(409).end('{"error":"bound"}')
      replicas = next
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ replicas }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const policy = () =>
    parsePolicy(
      `actions:\n  scale_up: {}\n  scale_down: {}\ngroups:\n  workers:\n    webhook: { url: "http://127.0.0.1:${port}/scale", headers: { Authorization: "Bearer s3cret" }, timeout: 2s }\n    min: 1\n    max: 3\n`,
      'p.yaml',
    )

  it('asks the scaler, passing the bounds, and reports its answer', async () => {
    const ctx = testExecContext({ policy: policy() })
    const up = await runAction(ctx, { type: 'scale_up', params: { group: 'workers' } })
    expect(up).toMatchObject({ ok: true, target: 'workers (webhook)', result: { replicas: 3, status: 200 } })
    expect(requests.at(-1)).toEqual({
      body: { group: 'workers', action: 'scale_up', step: 1, min: 1, max: 3 },
      auth: 'Bearer s3cret',
    })
    const bound = await runAction(ctx, { type: 'scale_up', params: { group: 'workers' } })
    expect(bound).toMatchObject({ ok: false, retryable: false, error: { code: 'at_bound' } })
    const down = await runAction(ctx, { type: 'scale_down', params: { group: 'workers', step: 2 } })
    expect(down).toMatchObject({ ok: true, result: { replicas: 1 } })
    expect(JSON.stringify([up, bound, down])).not.toContain('s3cret')
  })

  it('a scaler error is retryable, a refusal is not', async () => {
    const ctx = testExecContext({ policy: policy() })
    status = 503
    expect(await runAction(ctx, { type: 'scale_up', params: { group: 'workers' } })).toMatchObject({
      ok: false,
      retryable: true,
      error: { code: 'webhook_failed' },
    })
    status = 403
    expect(await runAction(ctx, { type: 'scale_up', params: { group: 'workers' } })).toMatchObject({
      ok: false,
      retryable: false,
      error: { code: 'webhook_rejected' },
    })
    status = undefined
  })

  it('policy rejects a group with both a selector and a webhook', () => {
    expect(() =>
      parsePolicy(
        'actions: {}\ngroups:\n  g: { selector: { labels: { a: b } }, webhook: { url: "http://127.0.0.1:1/" }, min: 0, max: 1 }\n',
        'p.yaml',
      ),
    ).toThrow(/groups\.g: give either selector or webhook/)
  })
})
