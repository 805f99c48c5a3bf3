import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A local HTTP receiver on 127.0.0.1 that records what it is sent (webhook, Slack, PagerDuty
 * stand-ins, an Alertmanager-style receiver). `status` sets what it answers; `down()` closes the
 * port and `up()` opens the same port again (a notifier outage and its end).
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = []
  status = 200
  reply = '{"ok":true}'
  private server: Server | undefined
  port = 0

  static async start(): Promise<HttpReceiver> {
    const r = new HttpReceiver()
    await r.up()
    return r
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.writeHead(this.status, { 'content-type': 'application/json' }).end(this.reply)
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async down(): Promise<void> {
    const s = this.server
    this.server = undefined
    if (!s) return
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  /** The JSON bodies received so far. */
  json<T = Record<string, unknown>>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T)
  }
}
