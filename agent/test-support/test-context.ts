import Docker from 'dockerode'
import { pino } from 'pino'
import { safeDefaultPolicy, type LocalPolicy } from '../src/remediate/policy'
import { systemdTestDouble } from './systemd-test-double'
import type { AlertRequest, ExecContext } from '../src/remediate/types'

/** An ExecContext for tests: silent logger, recorded alerts, the systemd test double. */
export function testExecContext(over: Partial<ExecContext> & { policy?: LocalPolicy } = {}): ExecContext & { alerts: AlertRequest[] } {
  const alerts: AlertRequest[] = []
  return {
    policy: safeDefaultPolicy,
    docker: new Docker(),
    log: pino({ level: 'silent' }),
    systemd: systemdTestDouble(),
    sendAlert: async (a) => void alerts.push(a),
    now: () => Date.now(),
    ...over,
    alerts,
  }
}
