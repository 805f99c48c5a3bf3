import { toSeconds, type ActionParams } from '@smartcloudops/shared'
import { findContainers, names, type ContainerRef } from '../containers'
import { validateParams } from '../params'
import { abortedResult, dockerErrorCode, dockerFailure, errorMessage, failed, succeeded } from '../result'
import type { ExecContext, ExecResult } from '../types'
import { allowListed, type Executor } from '../executor'

type Params = ActionParams['emergency_shutdown']

async function powerOff(ctx: ExecContext, signal: AbortSignal, result: Record<string, unknown>): Promise<ExecResult> {
  if (!ctx.systemd.poweroff) return failed('poweroff_unsupported', 'this systemd manager cannot power off', false, { target: 'host', result })
  ctx.log.warn('emergency_shutdown: powering the host off (allowed by local policy)')
  try {
    const r = await ctx.systemd.poweroff(signal)
    return { ...r, target: 'host', result: { ...result, ...r.result, poweroff: r.ok } }
  } catch (err) {
    return failed('systemd_error', `poweroff: ${(err as Error)?.message ?? err}`, true, { target: 'host', result })
  }
}

/**
 * Sheds load by stopping the containers local policy marks sheddable (they stay, stopped, for a
 * person to start again). Powers the host off only when local policy says allow_poweroff: true.
 */
export const emergencyShutdown: Executor<Params> = {
  type: 'emergency_shutdown',
  allowedBy: allowListed('emergency_shutdown'),
  validate: (params) => validateParams('emergency_shutdown', params),
  async execute(ctx, _params, signal) {
    if (signal.aborted) return abortedResult(signal)
    const allowPoweroff = ctx.policy.actions.emergency_shutdown?.allow_poweroff === true
    const stopTimeout = toSeconds(ctx.policy.actions.emergency_shutdown?.stop_timeout ?? 10)
    let list: ContainerRef[] = []
    if (ctx.policy.sheddable) {
      try {
        list = await findContainers(ctx.docker, ctx.policy.sheddable, { all: false, signal })
      } catch (err) {
        if (signal.aborted) return abortedResult(signal)
        if (!allowPoweroff) return dockerFailure(err, 'listing sheddable containers')
        ctx.log.error({ err }, 'emergency_shutdown: cannot list sheddable containers; powering off anyway')
      }
    }
    const stopped: string[] = []
    const errors: { container: string; code: string; message: string }[] = []
    const target = names(list) || 'none'
    // In parallel: an emergency is no time to stop one container after another.
    await Promise.all(
      list.map(async (c) => {
        try {
          await ctx.docker.getContainer(c.id).stop({ t: stopTimeout, abortSignal: signal })
          stopped.push(c.name)
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 304) return void stopped.push(c.name)
          errors.push({ container: c.name, code: dockerErrorCode(err).code, message: errorMessage(err) })
        }
      }),
    )
    stopped.sort()
    const result = { stopped, errors }
    if (signal.aborted) return abortedResult(signal, { target, result })
    if (allowPoweroff) return powerOff(ctx, signal, result)
    if (list.length === 0) return failed('no_target', 'no running container is marked sheddable', false, { target, result })
    if (errors.length > 0)
      return failed(errors[0]!.code, `stopping failed for ${errors.map((e) => e.container).join(', ')}`, true, { target, result })
    ctx.log.warn({ stopped }, 'emergency_shutdown: sheddable containers stopped')
    return succeeded(target, result)
  },
}
