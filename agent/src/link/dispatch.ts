import type { Logger } from 'pino'
import type WebSocket from 'ws'
import { fit, type AgentMessageType, type AlertInputs, type AgentPayload, type Command, type CommandResult, type PermitAnswer, type PermitQueued, type DesiredState, type Welcome } from '@smartcloudops/shared'
import { decodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import type { Delivery } from './delivery'

/**
 * One control-plane frame → its handler: welcome, desired state (applied, then acknowledged),
 * command (run, then answered), event acks and error frames (to delivery). A frame that does not
 * decode is refused with a log line naming the problem; a desired state that does not decode is
 * answered `applied: false` with the reason, and the agent keeps running on its last good state.
 */

export interface StateHandlers {
  /** Apply a validated desired state; answered with desired_state.ack (with the model scoring now). */
  desiredState(state: DesiredState): Promise<{ applied: boolean; error?: string; model_version?: string }>
  /** The revision the agent runs now, for the ack of a desired state it could not even decode. */
  current(): { revision: number; ruleset_version: number } | null
  command(cmd: Command): Promise<Omit<CommandResult, 'command_id'>>
  /** Alertmanager alerts about this host (agent/src/alerts). */
  alertInputs?(inputs: AlertInputs): void
  /** The answer to a permit request (link/permits.ts); connection.ts calls it out of band. */
  permitAnswer?(answer: PermitAnswer): void
  /** A permit request waits in a budget's queue (link/permits.ts); out of band too. */
  permitQueued?(queued: PermitQueued): void
}

export interface DispatchContext {
  handlers: StateHandlers
  delivery: Delivery
  log: Logger
  send<T extends AgentMessageType>(type: T, payload: AgentPayload<T>): boolean
  welcome(w: Welcome): void
}

export async function dispatch(ctx: DispatchContext, data: WebSocket.RawData, decoded = decodeServerMessage(data as Buffer | Buffer[] | ArrayBuffer)): Promise<void> {
  if (!decoded.ok) {
    const err = decoded.error
    ctx.log.warn({ code: err.code, type: err.type, id: err.id }, `refused a control-plane message: ${err.message}`)
    if (err.type === 'desired_state') {
      // Keep running on the last good state and tell the server why the new one was not applied.
      const cur = ctx.handlers.current()
      const raw = rawRevision(data)
      ctx.send('desired_state.ack', {
        revision: raw.revision ?? cur?.revision ?? 0,
        ruleset_version: raw.ruleset_version ?? cur?.ruleset_version ?? 0,
        applied: false,
        error: fit(`${err.code}: ${err.message}`, 'errorMessage'),
      })
    }
    return
  }
  const m = decoded.message
  switch (m.type) {
    case 'welcome':
      ctx.welcome(m.payload)
      return
    case 'desired_state': {
      const r = await ctx.handlers.desiredState(m.payload)
      ctx.send('desired_state.ack', {
        revision: m.payload.revision,
        ruleset_version: m.payload.ruleset.version,
        applied: r.applied,
        ...(r.model_version ? { model_version: fit(r.model_version, 'modelVersion') } : {}),
        ...(r.error ? { error: fit(r.error, 'errorMessage') } : {}),
      })
      return
    }
    case 'command': {
      let r: Omit<CommandResult, 'command_id'>
      try {
        r = await ctx.handlers.command(m.payload)
      } catch (err) {
        r = { ok: false, error: fit((err as Error).message, 'errorMessage') }
      }
      ctx.send('command.result', { command_id: m.payload.command_id, ...r })
      return
    }
    case 'ack':
      ctx.delivery.onAck(m.payload.ids)
      return
    case 'alert_inputs':
      ctx.handlers.alertInputs?.(m.payload)
      return
    case 'permit.answer':
      ctx.handlers.permitAnswer?.(m.payload)
      return
    case 'permit.queued':
      ctx.handlers.permitQueued?.(m.payload)
      return
    case 'error': {
      const { code, message, ref_id } = m.payload
      if (!ctx.delivery.onError(code, message, ref_id)) ctx.log.warn({ code, ref_id, message }, 'control plane reported an error')
      return
    }
  }
}

function rawRevision(data: WebSocket.RawData): { revision?: number; ruleset_version?: number } {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8')
    const env = JSON.parse(text) as { payload?: { revision?: unknown; ruleset?: { version?: unknown } } }
    const rev = env.payload?.revision
    const rs = env.payload?.ruleset?.version
    return {
      ...(Number.isInteger(rev) && (rev as number) >= 0 ? { revision: rev as number } : {}),
      ...(Number.isInteger(rs) && (rs as number) >= 0 ? { ruleset_version: rs as number } : {}),
    }
  } catch {
    return {}
  }
}
