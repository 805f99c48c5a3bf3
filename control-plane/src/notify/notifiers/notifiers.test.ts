import { createHmac, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HttpReceiver } from '@smartcloudops/test-support'
import type { NotifierConfig } from '../config'
import { notifierKinds, notifierProblems } from '../kinds'
import type { AlertNotice } from '../notifier'

const log = pino({ level: 'silent' })
const firing: AlertNotice = {
  alert_id: 'alert-0001-abcdef',
  host_id: 'h_1',
  hostname: 'web-7',
  severity: 'critical',
  summary: 'web container restarted 3 times in 15 min',
  detail: 'rule stopped acting; look at the container logs',
  rule: 'Service Unresponsive',
  raised_at: '2026-12-01T10:00:00.000Z',
  status: 'firing',
  labels: { env: 'prod' },
}
const resolved: AlertNotice = { ...firing, status: 'resolved', resolved_at: '2026-12-01T10:05:00.000Z' }

const send = (cfg: NotifierConfig, a: AlertNotice) => notifierKinds[cfg.kind].create(cfg, { log }).notify(a, AbortSignal.timeout(10_000))

let rx: HttpReceiver
beforeAll(async () => {
  rx = await HttpReceiver.start()
})
afterAll(async () => {
  await rx.down()
})

describe('webhook', () => {
  test('POSTs the alert as JSON with a timestamp header and an HMAC-SHA256 signature a receiver can verify', async () => {
    rx.requests.length = 0
    const secret = 'a-shared-secret-of-some-length'
    const r = await send({ name: 'hook', kind: 'webhook', url: `${rx.url}/hook?token=abc`, secret, headers: { 'x-team': 'ops' } }, firing)
    expect(r).toEqual({ ok: true, retryable: false })
    const req = rx.requests[0]!
    expect(req.url).toBe('/hook?token=abc')
    expect(req.headers['x-team']).toBe('ops')
    const ts = String(req.headers['x-scops-timestamp'])
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(300)
    // What a receiver does (README): HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret.
    const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')}`)
    const got = Buffer.from(String(req.headers['x-scops-signature']))
    expect(got.length === expected.length && timingSafeEqual(got, expected)).toBe(true)
    // A tampered body does not verify.
    const tampered = createHmac('sha256', secret).update(`${ts}.${req.body.replace('critical', 'info')}`).digest('hex')
    expect(got.toString()).not.toBe(`v1=${tampered}`)
    expect(JSON.parse(req.body)).toEqual({ version: 1, status: 'firing', alert: firing })
  })

  test('5xx and 429 are retryable, other 4xx are not, a closed port is retryable; the URL never shows in the error', async () => {
    const cfg: NotifierConfig = { name: 'hook', kind: 'webhook', url: `${rx.url}/secret-path-token` }
    rx.status = 503
    expect(await send(cfg, firing)).toMatchObject({ ok: false, retryable: true })
    rx.status = 429
    expect(await send(cfg, firing)).toMatchObject({ ok: false, retryable: true })
    rx.status = 404
    const notFound = await send(cfg, firing)
    expect(notFound).toMatchObject({ ok: false, retryable: false })
    rx.status = 200
    const closed = await send({ ...cfg, url: 'http://127.0.0.1:1/secret-path-token' }, firing)
    expect(closed).toMatchObject({ ok: false, retryable: true })
    expect(closed.error).toContain('unreachable')
    expect(`${notFound.error}${closed.error}`).not.toContain('secret-path-token')
  })
})

describe('slack', () => {
  test('sends an incoming-webhook message with text and blocks; resolved says so', async () => {
    rx.requests.length = 0
    await send({ name: 'chat', kind: 'slack', url: `${rx.url}/services/T0/B0/XYZ` }, firing)
    await send({ name: 'chat', kind: 'slack', url: `${rx.url}/services/T0/B0/XYZ` }, resolved)
    const [f, r] = rx.json<{ text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }> }> }>()
    expect(f!.text).toContain('CRITICAL')
    expect(f!.text).toContain('web-7')
    expect(f!.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } })
    expect(f!.blocks[0]!.text!.text).toContain(firing.summary)
    const fields = f!.blocks.find((b) => b.type === 'section')!.fields!.map((x) => x.text)
    expect(fields).toEqual(expect.arrayContaining(['*Host*\nweb-7', '*Rule*\nService Unresponsive']))
    expect(r!.text).toContain('RESOLVED')
  })
})

describe('pagerduty', () => {
  test('Events API v2: trigger with payload, then resolve, both with the alert id as dedup key', async () => {
    rx.requests.length = 0
    rx.status = 202
    const cfg: NotifierConfig = { name: 'pd', kind: 'pagerduty', routing_key: 'R0UTINGKEY0123456789', url: `${rx.url}/v2/enqueue` }
    expect((await send(cfg, firing)).ok).toBe(true)
    expect((await send(cfg, resolved)).ok).toBe(true)
    rx.status = 200
    const [t, r] = rx.json()
    expect(t).toMatchObject({
      routing_key: 'R0UTINGKEY0123456789',
      event_action: 'trigger',
      dedup_key: firing.alert_id,
      payload: { source: 'web-7', severity: 'critical', timestamp: firing.raised_at, component: 'Service Unresponsive' },
    })
    expect(String((t!['payload'] as { summary: string }).summary)).toContain(firing.summary)
    expect(r).toEqual({ routing_key: 'R0UTINGKEY0123456789', event_action: 'resolve', dedup_key: firing.alert_id })
  })
})

describe('email', () => {
  let smtp: SMTPServer
  let port = 0
  const mails: Array<{ from: string; to: string[]; data: string; user?: string }> = []
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'alerts' && auth.password === 'smtp-pass-1') return cb(null, { user: auth.username })
        return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
      },
      onData(stream, session, cb) {
        let data = ''
        stream.on('data', (c: Buffer) => (data += c.toString()))
        stream.on('end', () => {
          mails.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), data, user: String(session.user) })
          cb()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
    port = (smtp.server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  })

  test('sends a mail through SMTP with auth to every recipient; a wrong password is a permanent failure', async () => {
    const cfg: NotifierConfig = { name: 'mail', kind: 'email', smtp: { host: '127.0.0.1', port, user: 'alerts', password: 'smtp-pass-1' }, from: 'scops@example.test', to: ['oncall@example.test', 'lead@example.test'] }
    expect(await send(cfg, firing)).toEqual({ ok: true, retryable: false })
    const m = mails[0]!
    expect(m).toMatchObject({ from: 'scops@example.test', to: ['oncall@example.test', 'lead@example.test'], user: 'alerts' })
    expect(m.data).toMatch(/Subject: \[CRITICAL\] web-7: web container restarted/)
    expect(m.data).toContain('Rule:     Service Unresponsive')
    const bad = await send({ ...cfg, smtp: { ...cfg.smtp!, password: 'wrong' } }, firing)
    expect(bad).toMatchObject({ ok: false, retryable: false })
    expect(bad.error).toContain('535')
  })

  test('no SMTP server listening is retryable', async () => {
    const r = await send({ name: 'mail', kind: 'email', smtp: { host: '127.0.0.1', port: 1 }, from: 'a@b.test', to: ['c@d.test'] }, firing)
    expect(r).toMatchObject({ ok: false, retryable: true })
  })
})

describe('config checks', () => {
  test('each kind names the field it is missing', () => {
    expect(
      notifierProblems([
        { name: 'a', kind: 'webhook' },
        { name: 'b', kind: 'slack', url: 'ftp://x' },
        { name: 'c', kind: 'pagerduty' },
        { name: 'd', kind: 'email', smtp: { host: 'h', port: 25 }, from: 'x@y.z' },
        { name: 'e', kind: 'webhook', url: 'https://x', secret: 'short' },
        { name: 'e', kind: 'log' },
      ]),
    ).toEqual([
      'notifier a (webhook): url is required',
      'notifier b (slack): url must be http(s)',
      'notifier c (pagerduty): routing_key is required',
      'notifier d (email): to (one or more addresses) is required',
      'notifier e (webhook): secret must be at least 16 characters',
      'notifier e: the name is used twice',
    ])
  })
})
