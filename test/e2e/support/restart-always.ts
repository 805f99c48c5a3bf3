import { spawn, type ChildProcess } from 'node:child_process'

/**
 * TEST DOUBLE for systemd (which cannot run here): runs a unit's ExecStart and starts it again
 * after every exit, like `Restart=always` with `RestartSec=` and `RestartPreventExitStatus=2 4 64`
 * from deploy/systemd/scops-agent.service. It records each start and exit so a test can see what
 * systemd would have seen. Output goes to `log` (one string per chunk) for failure messages.
 */
export class RestartAlwaysStandIn {
  readonly exits: Array<number | null> = []
  starts = 0
  readonly log: string[] = []
  private child: ChildProcess | null = null
  private stopped = false
  private readonly prevent = new Set([2, 4, 64])

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly restartMs = 200,
  ) {}

  start(): void {
    if (this.stopped) return
    this.starts++
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    child.stdout!.on('data', (c: Buffer) => this.keep(c))
    child.stderr!.on('data', (c: Buffer) => this.keep(c))
    child.once('exit', (code) => {
      this.exits.push(code)
      this.child = null
      if (this.stopped || (code !== null && this.prevent.has(code))) return
      setTimeout(() => this.start(), this.restartMs).unref()
    })
  }

  /** `systemctl stop`: SIGTERM, no restart; resolves when the process is gone. */
  async stop(): Promise<void> {
    this.stopped = true
    const c = this.child
    if (!c || c.exitCode !== null) return
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve())
      c.kill('SIGTERM')
    })
  }

  tail(lines = 40): string {
    return this.log.join('').split('\n').slice(-lines).join('\n')
  }

  private keep(c: Buffer): void {
    this.log.push(c.toString('utf8'))
    if (this.log.length > 2000) this.log.splice(0, 1000)
  }
}
