import { toSeconds, type ActionParams } from '@smartcloudops/shared'
import { findContainers, type ContainerRef } from '../containers'
import { validateParams } from '../params'
import { abortedResult, dockerFailure, failed } from '../result'
import { allowListed, type Executor } from '../executor'
import { restartEach } from './restart-container'

type Params = ActionParams['restart_service']

/** A service from local policy: a systemd unit (systemctl restart) or the containers that stand for it. */
export const restartService: Executor<Params> = {
  type: 'restart_service',
  allowedBy: allowListed('restart_service'),
  validate: (params) => validateParams('restart_service', params),
  async execute(ctx, params, signal) {
    if (signal.aborted) return abortedResult(signal)
    const service = ctx.policy.services?.[params.service]
    if (!service) return failed('no_target', `service "${params.service}" is not defined in local policy`, false)
    if ('systemd' in service) {
      try {
        const r = await ctx.systemd.restart(service.systemd, signal)
        return { ...r, target: r.target ?? service.systemd }
      } catch (err) {
        // SystemdManager implementations should not throw; treat it as a failed restart if one does.
        return failed('systemd_error', `restarting ${service.systemd}: ${(err as Error)?.message ?? err}`, true, {
          target: service.systemd,
        })
      }
    }
    let list: ContainerRef[]
    try {
      list = await findContainers(ctx.docker, service.container, { all: true, signal })
    } catch (err) {
      return signal.aborted ? abortedResult(signal) : dockerFailure(err, 'listing containers')
    }
    if (list.length === 0)
      return failed('no_target', `no container stands for service "${params.service}"`, false, { result: { restarted: [] } })
    return restartEach(ctx, list, toSeconds(service.stop_timeout ?? 10), signal, { service: params.service })
  },
}
