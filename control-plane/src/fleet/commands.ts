import type { CommandResult, ServerPayload, commandNames } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import type { Db } from '../db/client'
import { insertCommand, recordCommandResult } from '../db/queries/commands'
import type { AgentSession } from '../gateway/session'

export type CommandOutcome =
  | { host_id: string; status: 'ok' | 'error'; command_id: string; result?: unknown; error?: string }
  | { host_id: string; status: 'offline' | 'timeout'; command_id?: string }

/** Commands to agents (trigger, start/stop monitoring, test): recorded, sent, and their results awaited. */
export class Commands {
  private readonly waiting = new Map<string, { hostId: string; resolve: (r: CommandResult) => void }>()

  constructor(
    private readonly db: Db,
    private readonly sessions: ReadonlyMap<string, AgentSession>,
  ) {}

  /** Sends a command to each host and waits (up to `timeoutMs`) for the results. */
  async send(
    hostIds: string[],
    name: (typeof commandNames)[number],
    args: Record<string, unknown> | undefined,
    requestedBy: string,
    timeoutMs: number,
  ): Promise<CommandOutcome[]> {
    return Promise.all(
      hostIds.map(async (hostId): Promise<CommandOutcome> => {
        const s = this.sessions.get(hostId)
        if (!s || !s.helloDone) return { host_id: hostId, status: 'offline' }
        const command_id = newMessageId()
        await insertCommand(this.db, { id: command_id, hostId, name, args, requestedBy })
        const result = new Promise<CommandResult | undefined>((resolve) => {
          this.waiting.set(command_id, { hostId, resolve })
          setTimeout(() => {
            this.waiting.delete(command_id)
            resolve(undefined)
          }, timeoutMs).unref()
        })
        if (!s.send('command', { command_id, name, ...(args ? { args } : {}) } as unknown as ServerPayload<'command'>)) {
          this.waiting.delete(command_id)
          return { host_id: hostId, status: 'offline' }
        }
        if (timeoutMs === 0) return { host_id: hostId, status: 'timeout', command_id }
        const r = await result
        if (!r) return { host_id: hostId, status: 'timeout', command_id }
        return { host_id: hostId, status: r.ok ? 'ok' : 'error', command_id, result: r.result, error: r.error }
      }),
    )
  }

  /** A host answered: stored (only for a command sent to that host) and handed to the waiting caller. */
  async result(hostId: string, r: CommandResult): Promise<void> {
    await recordCommandResult(this.db, hostId, r)
    const w = this.waiting.get(r.command_id)
    if (w && w.hostId === hostId) {
      this.waiting.delete(r.command_id)
      w.resolve(r)
    }
  }

  /** The host disconnected: nobody waits for its answers any longer (they time out as offline would). */
  forgetHost(hostId: string): void {
    for (const [id, w] of this.waiting) if (w.hostId === hostId) this.waiting.delete(id)
  }
}
