import type Docker from 'dockerode'
import type { ActionParams } from '@smartcloudops/shared'
import { validateParams } from '../params'
import { abortedResult, dockerErrorCode, dockerFailure, errorMessage, failed, succeeded } from '../result'
import { allowListed, type Executor } from '../executor'
import { cloneSpec, nextReplicaName, openGroup } from './scale-group'

type Params = ActionParams['scale_up']

/** Adds replicas to a local-policy group by cloning its newest replica, never above the group's max. */
export const scaleUp: Executor<Params> = {
  type: 'scale_up',
  allowedBy: allowListed('scale_up'),
  validate: (params) => validateParams('scale_up', params),
  async execute(ctx, params, signal) {
    const opened = await openGroup(ctx, 'scale_up', params, signal)
    if (opened.done) return opened.done
    const { group, replicas } = opened
    const before = replicas.running.length
    if (before >= group.max)
      return failed('at_bound', `group "${params.group}" already runs ${before} replica(s), its maximum is ${group.max}`, false, {
        target: params.group,
        result: { replicas: before, max: group.max, added: [] },
      })
    const template = replicas.running[0] ?? replicas.all[0]
    if (!template)
      return failed('no_template', `group "${params.group}" has no container to copy`, false, { target: params.group })
    let info: Docker.ContainerInspectInfo
    try {
      info = await ctx.docker.getContainer(template.id).inspect({ abortSignal: signal })
    } catch (err) {
      return signal.aborted ? abortedResult(signal) : dockerFailure(err, `inspecting ${template.name}`)
    }

    const want = Math.min(params.step ?? 1, group.max - before)
    const added: string[] = []
    const taken = new Set<string>()
    const partial = () => ({ target: params.group, result: { added, replicas: before + added.length, max: group.max, template: template.name } })
    while (added.length < want) {
      if (signal.aborted) return abortedResult(signal, partial())
      const name = nextReplicaName(params.group, replicas.all, taken)
      taken.add(name)
      let created: Docker.Container
      try {
        created = await ctx.docker.createContainer({ ...cloneSpec(info, name), abortSignal: signal })
      } catch (err) {
        // A container outside the group may hold the name: try the next number (a few times).
        if (dockerErrorCode(err).code === 'conflict' && taken.size < want + 5) continue
        return signal.aborted ? abortedResult(signal, partial()) : dockerFailure(err, `creating ${name}`, partial())
      }
      try {
        await created.start({ abortSignal: signal })
      } catch (err) {
        // Do not leave a half-made replica behind.
        await created.remove({ force: true }).catch(() => undefined)
        return signal.aborted
          ? abortedResult(signal, partial())
          : failed(dockerErrorCode(err).code, `starting ${name}: ${errorMessage(err)}`, true, partial())
      }
      added.push(name)
      ctx.log.info({ group: params.group, container: name, template: template.name }, 'replica added')
    }
    return succeeded(params.group, partial().result)
  },
}
