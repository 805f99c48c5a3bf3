import { join } from 'node:path'
import type { AgentUpgradeReport } from '@smartcloudops/shared'
import { fit } from '@smartcloudops/shared'
import { PENDING_FILE, RESULT_FILE, readMarker, removeMarker, writeMarker } from './marker-file'

/**
 * Why the launcher rolled an upgrade back (upgrade-result `code=`), first in the report's error so
 * the fleet can count them: the new version could not connect in time (`not_connected`), exited at
 * start MAX_STARTS times (`exited_at_start`), stopped its heartbeat (`no_heartbeat`: hung), or was
 * still unconnected well past its deadline without giving up (`deadline_passed`).
 */
export const rollbackCodes = ['not_connected', 'exited_at_start', 'no_heartbeat', 'deadline_passed'] as const
export type RollbackCode = (typeof rollbackCodes)[number]

function rollbackCode(v: string | undefined): RollbackCode {
  return (rollbackCodes as readonly string[]).includes(v ?? '') ? (v as RollbackCode) : 'not_connected'
}

export interface StartupUpgradeState {
  /** The launcher rolled an upgrade back before this start: report it (then call `reported`). */
  rolledBack: AgentUpgradeReport | null
  /** This version is the new one of an upgrade and must connect by `deadline` (epoch ms). */
  confirming: { from: string; deadline: number } | null
}

/** What the hand-over files say at start (see marker-file.ts). Pure reading; nothing is removed here. */
export function upgradeStateAtStart(stateDir: string, runningVersion: string): StartupUpgradeState {
  const r = readMarker(join(stateDir, RESULT_FILE))
  const rolledBack: AgentUpgradeReport | null =
    r?.['outcome'] === 'rolled_back' && r['from'] && r['to']
      ? {
          from_version: r['from'],
          to_version: r['to'],
          outcome: 'rolled_back',
          error: fit(`${rollbackCode(r['code'])}: ${r['to']} was rolled back to ${r['from']}: ${r['reason'] || 'the new version did not connect'}`, 'errorMessage'),
          at: Number(r['at']) > 0 ? Number(r['at']) * 1000 : Date.now(),
        }
      : null
  const pending = readMarker(join(stateDir, PENDING_FILE))
  const confirming = pending && pending['to'] === runningVersion && pending['from'] && Number(pending['deadline']) > 0 ? { from: pending['from'], deadline: Number(pending['deadline']) * 1000 } : null
  return { rolledBack, confirming }
}

/** The rollback report is in the outbox: the result file has done its job. */
export function clearRollbackResult(stateDir: string): void {
  removeMarker(join(stateDir, RESULT_FILE))
}

/** The new version connected: the upgrade is kept. */
export function confirmUpgrade(stateDir: string): void {
  removeMarker(join(stateDir, PENDING_FILE))
}

/** The new version gives up (no connection in time): the launcher rolls back at the next start. */
export function abandonUpgrade(stateDir: string, reason: string): void {
  const path = join(stateDir, PENDING_FILE)
  const pending = readMarker(path)
  if (pending) writeMarker(path, { ...pending, code: 'not_connected' satisfies RollbackCode, reason: reason.replace(/[^\x20-\x7e]/g, '?') })
}
