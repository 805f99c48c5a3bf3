import { toSeconds, type ActionParams } from '@smartcloudops/shared'
import { validateParams } from '../params'
import { abortedResult, dockerFailure, failed, succeeded } from '../result'
import { allowListed, type Executor } from '../executor'
import { openGroup } from './scale-group'

type Params = ActionParams['scale_down']

/** Stops and removes the newest replicas of a local-policy group, never below the group's min. */
export const scaleDown: Executor<Params> = {
  type: 'scale_down',
  allowedBy: allowListed('scale_down'),
  validate: (params) => validateParams('scale_down', params),
  async execute(ctx, params, signal) {
    const opened = await openGroup(ctx, 'scale_down', params, signal)
    if (opened.done) return opened.done
    const { group, replicas } = opened
    const before = replicas.running.length
    if (before <= group.min)
      return failed('at_bound', `group "${params.group}" runs ${before} replica(s), its minimum is ${group.min}`, false, {
        target: params.group,
        result: { replicas: before, min: group.min, removed: [] },
      })
    const victims = replicas.running.slice(0, Math.min(params.step ?? 1, before - group.min))
    const removed: string[] = []
    const partial = () => ({ target: params.group, result: { removed, replicas: before - removed.length, min: group.min } })
    for (const v of victims) {
      if (signal.aborted) return abortedResult(signal, partial())
      const container = ctx.docker.getContainer(v.id)
      try {
        await container.stop({ t: toSeconds(group.stop_timeout ?? 10), abortSignal: signal }).catch((err: { statusCode?: number }) => {
          if (err?.statusCode !== 304) throw err // 304: already stopped, fine
        })
        await container.remove({ abortSignal: signal })
      } catch (err) {
        return signal.aborted ? abortedResult(signal, partial()) : dockerFailure(err, `removing ${v.name}`, partial())
      }
      removed.push(v.name)
      ctx.log.info({ group: params.group, container: v.name }, 'replica removed')
    }
    return succeeded(params.group, partial().result)
  },
}
