import type { Server } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import { WebSocketServer, type RawData } from 'ws'
import type { Alert, commandNames } from '@smartcloudops/shared'
import type { FailureLimiter } from '../auth/failure-limiter'
import { newId } from '../auth/tokens'
import type { Database } from '../db/client'
import type { HostRow } from '../db/schema'
import type { ChangeBus } from '../fleet/change-bus'
import { Commands, type CommandOutcome } from '../fleet/commands'
import type { desiredContent } from '../fleet/desired-state'
import { DesiredStatePusher } from '../fleet/desired-state-pusher'
import { Liveness } from '../fleet/liveness'
import { PermitQueueService } from '../fleet/permits/queue-service'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import { AckWriter } from './ack-writer'
import { Admission } from './admission'
import { credentialBatch, helloBatch, metricsBatch } from './batches'
import { acceptConnection } from './connection'
import { newCounters, type GatewayCounters } from './counters'
import type { HandlerContext } from './handlers/context'
import { createRouter } from './router'
import type { AgentSession, SessionLimits } from './session'
import { handleUpgrade } from './upgrade'

export { AGENT_WS_PATH } from './upgrade'
export type { CommandOutcome } from '../fleet/commands'
export type { GatewayCounters } from './counters'

export interface GatewayOptions {
  /** How often agents should heartbeat (sent in welcome to agents that accept it) and the liveness sweep's period. */
  heartbeatIntervalS: number
  maxFrameBytes: number
  limits?: Partial<SessionLimits>
  /** Malformed frames tolerated per connection before it is closed. */
  maxMalformed?: number
  /** The API's failed-authentication budget, applied to the upgrade too (429 before any lookup). */
  authLimiter?: FailureLimiter
  /** Agent connections between upgrade and welcome before 503 + Retry-After (admission.ts); default 512. */
  maxConnectingAgents?: number
  /** Called for each newly stored alert (not for replays): notification starts there. */
  onAlert?: (hostId: string, alert: Alert) => void
  /** Observers for /metrics and alert inputs: every decoded message, and each event stored for the first time. */
  onMessage?: (hostId: string, m: AgentMessage) => void
  onStored?: (m: AgentMessage, hostId: string) => void
}

/**
 * The agent gateway: transport only. It authenticates agents at the HTTP upgrade (upgrade.ts),
 * holds their sessions (connection.ts, session.ts) and routes their frames to one handler per
 * message type (router.ts, handlers/). Desired-state pushing, liveness and commands are fleet
 * services (fleet/desired-state-pusher.ts, liveness.ts, commands.ts) wired here; the surface the
 * routes use (sessions, counters, sendCommand, isConnected, disconnect, previewFor) stays here.
 */
export class Gateway {
  readonly sessions = new Map<string, AgentSession>()
  readonly counters: GatewayCounters = newCounters()
  /** This process's id on the hosts it holds, so replicas never mark each other's hosts offline. */
  readonly replica = newId('replica')
  private readonly wss: WebSocketServer
  private readonly acks: AckWriter
  private readonly pusher: DesiredStatePusher
  private readonly liveness: Liveness
  private readonly commands: Commands
  /** The budget queue's answers and timer (fleet/permits/queue-service.ts). */
  readonly permitQueue: PermitQueueService
  private readonly route: ReturnType<typeof createRouter>
  private readonly limits: SessionLimits
  private readonly upgradeDeps: Parameters<typeof handleUpgrade>[0]

  constructor(
    database: Database,
    bus: ChangeBus,
    log: FastifyBaseLogger,
    opts: GatewayOptions,
  ) {
    const db = database.db
    this.limits = { softBufferBytes: 1024 * 1024, hardBufferBytes: 16 * 1024 * 1024, maxFrameBytes: opts.maxFrameBytes, ...opts.limits }
    this.acks = new AckWriter(db, log)
    this.pusher = new DesiredStatePusher(db, bus, this.sessions, this.counters, log.child({ component: 'desired-state-pusher' }), this.limits.maxFrameBytes)
    this.liveness = new Liveness(db, this.sessions, this.replica, opts.heartbeatIntervalS, this.counters, log.child({ component: 'liveness' }))
    this.commands = new Commands(db, this.sessions)
    this.permitQueue = new PermitQueueService(database, this.sessions, this.replica, log.child({ component: 'permit-queue' }))
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes, perMessageDeflate: false })
    const ctx: HandlerContext = {
      db,
      log,
      counters: this.counters,
      acks: this.acks,
      replica: this.replica,
      heartbeatIntervalS: opts.heartbeatIntervalS,
      hellos: helloBatch(db, this.replica),
      metrics: metricsBatch(db),
      greet: (session, row) => this.pusher.greet(session, row),
      commandResult: (hostId, r) => this.commands.result(hostId, r),
      alertStored: (hostId, alert) => opts.onAlert?.(hostId, alert),
      stored: (m, hostId) => opts.onStored?.(m, hostId),
      permitQueue: this.permitQueue,
    }
    this.route = createRouter(ctx, { maxFrameBytes: opts.maxFrameBytes, maxMalformed: opts.maxMalformed ?? 50, heard: (s) => this.liveness.heard(s), seen: (s, m) => opts.onMessage?.(s.hostId, m) })
    const connection = {
      sessions: this.sessions,
      counters: this.counters,
      limits: this.limits,
      log,
      onFrame: (s: AgentSession, data: RawData) => this.route(s, data),
      onClose: (s: AgentSession) => {
        this.commands.forgetHost(s.hostId)
        void this.permitQueue.leave(s.hostId)
        if (s.helloDone) this.liveness.closed(s.hostId)
      },
    }
    this.upgradeDeps = {
      credentials: credentialBatch(db),
      wss: this.wss,
      log,
      authLimiter: opts.authLimiter,
      admission: new Admission(opts.maxConnectingAgents ?? 512),
      onRefused: () => void this.counters.rejected_upgrades_total++,
      onConnection: (ws, hostId, admitted) => void acceptConnection(connection, ws, hostId, admitted),
    }
  }

  async start(server: Server): Promise<void> {
    server.on('upgrade', (req, socket, head) => void handleUpgrade(this.upgradeDeps, req, socket, head))
    await this.pusher.start()
    await this.liveness.start()
    await this.permitQueue.start()
  }

  async stop(): Promise<void> {
    await this.pusher.stop()
    await this.permitQueue.stop()
    // Marks this replica's hosts offline while the database is still open, then closes their sockets.
    await this.liveness.stop()
    for (const s of this.sessions.values()) s.ws.terminate()
    this.wss.close()
    await this.acks.flush()
  }

  /** Sends a command to each host and waits (up to `timeoutMs`) for the results. */
  sendCommand(
    hostIds: string[],
    name: (typeof commandNames)[number],
    args: Record<string, unknown> | undefined,
    requestedBy: string,
    timeoutMs: number,
  ): Promise<CommandOutcome[]> {
    return this.commands.send(hostIds, name, args, requestedBy, timeoutMs)
  }

  /** The current snapshot for a host (for the API), computed as the gateway would send it. */
  previewFor(row: Pick<HostRow, 'id' | 'labels' | 'configPatch'>): Promise<ReturnType<typeof desiredContent>> {
    return this.pusher.previewFor(row)
  }

  isConnected(hostId: string): boolean {
    return this.sessions.get(hostId)?.helloDone === true
  }

  /** Disconnects a host (decommission); its credential is revoked by the caller. */
  disconnect(hostId: string, reason: string): void {
    this.sessions.get(hostId)?.drop(reason, 4001)
  }
}
