import type { AgentHandle } from '../main'

/** What a started agent must stop for, and the exit code each gives its supervisor. */
export const EXIT_DECOMMISSIONED = 4
/** EX_SOFTWARE (sysexits.h): an internal error only a restart clears. */
export const EXIT_STALLED = 70

export type ExitWatchedAgent = Pick<AgentHandle, 'log' | 'decommissioned' | 'exitRequested' | 'stalled' | 'stop'>

/** Where the process's signals come from (`process`, or an EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown
}

/**
 * Resolves with the process's exit code once the agent has to stop:
 *   - SIGTERM/SIGINT: a clean stop (running actions get their grace period), then 0; a second
 *     signal exits at once with 1;
 *   - decommissioned by the control plane: stop, then 4 (the unit does not restart it);
 *   - an upgrade: stop, then the code it asked for (0 into the new release, 75 back to the old one);
 *   - a stuck monitoring cycle: 70 at once, without the graceful stop, which would wait for that
 *     cycle forever. The events recorded so far and the buffered samples (flushed by the runtime)
 *     are in the outbox on disk, and are sent once the supervisor has started the agent again.
 */
export function runUntilExit(agent: ExitWatchedAgent, signals: SignalSource): Promise<number> {
  return new Promise<number>((resolve) => {
    const stopThen = async (code: number) => {
      await agent.stop().catch((err: unknown) => agent.log.error({ err }, 'error during shutdown'))
      resolve(code)
    }
    let received = 0
    const onSignal = (sig: NodeJS.Signals) => {
      received++
      if (received > 1) {
        agent.log.warn({ signal: sig }, 'second signal: exiting now')
        resolve(1)
        return
      }
      agent.log.info({ signal: sig }, 'signal received')
      agent.stop().then(
        () => resolve(0),
        (err: unknown) => {
          agent.log.error({ err }, 'error during shutdown')
          resolve(1)
        },
      )
    }
    signals.on('SIGTERM', onSignal)
    signals.on('SIGINT', onSignal)
    // The link already logged why; stop acting at once and tell systemd not to restart us.
    void agent.decommissioned.then(() => stopThen(EXIT_DECOMMISSIONED))
    void agent.stalled.then(() => resolve(EXIT_STALLED))
    // Either way the supervisor starts us again; the launcher decides which release.
    void agent.exitRequested.then((code) => stopThen(code))
  })
}
