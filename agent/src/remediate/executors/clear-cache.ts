import { writeFile } from 'node:fs/promises'
import { Writable } from 'node:stream'
import type Docker from 'dockerode'
import { toSeconds, type ActionParams } from '@smartcloudops/shared'
import { findContainers } from '../containers'
import type { CacheHookPolicy } from '../policy'
import { validateParams } from '../params'
import { abortedResult, dockerFailure, failed, succeeded } from '../result'
import type { ExecContext, ExecResult } from '../types'
import { allowListed, type Executor } from '../executor'

type Params = ActionParams['clear_cache']

export const DEFAULT_DROP_CACHES_PATH = '/proc/sys/vm/drop_caches'
const OUTPUT_LIMIT = 2000

/** Runs the hook's argv in its container (an exec, no shell) and checks the exit code. */
async function runHook(ctx: ExecContext, name: string, hook: CacheHookPolicy, outer: AbortSignal): Promise<ExecResult> {
  const signal = hook.timeout ? AbortSignal.any([outer, AbortSignal.timeout(toSeconds(hook.timeout) * 1000)]) : outer
  const found = await findContainers(ctx.docker, hook.container, { all: false, signal }).catch((err: unknown) => err)
  if (signal.aborted) return abortedResult(signal, { target: name })
  if (!Array.isArray(found)) return dockerFailure(found, 'listing containers', { target: name })
  const container = found[0]
  if (!container) return failed('no_target', `no running container for cache hook "${name}"`, true, { target: name })
  const target = `${name} (${container.name})`
  try {
    const exec = await ctx.docker.getContainer(container.id).exec({
      Cmd: hook.argv,
      AttachStdout: true,
      AttachStderr: true,
      abortSignal: signal,
    } as Docker.ExecCreateOptions)
    const stream = await exec.start({ hijack: true, stdin: false, abortSignal: signal } as Docker.ExecStartOptions)
    let output = ''
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8')
        done()
      },
    })
    ctx.docker.modem.demuxStream(stream, sink, sink)
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        stream.destroy()
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      stream.on('end', resolve)
      stream.on('close', resolve)
      stream.on('error', reject)
    })
    const { ExitCode } = await exec.inspect({ abortSignal: signal } as object)
    const result = { hook: name, container: container.name, exit_code: ExitCode, output: output.slice(0, OUTPUT_LIMIT) }
    if (ExitCode !== 0)
      return failed('hook_failed', `cache hook "${name}" exited with ${ExitCode}`, true, { target, result })
    ctx.log.info({ hook: name, container: container.name }, 'cache hook ran')
    return succeeded(target, result)
  } catch (err) {
    // The process inside the container cannot be killed through the exec API; it is left to finish.
    return signal.aborted ? abortedResult(signal, { target }) : dockerFailure(err, `running cache hook "${name}"`, { target })
  }
}

/** Drops the clean page cache (writes "1" to drop_caches). Dirty pages are not touched, so nothing is lost. */
async function dropPageCache(ctx: ExecContext, signal: AbortSignal): Promise<ExecResult> {
  if (ctx.policy.actions.clear_cache?.page_cache !== true)
    return failed('policy_refused', 'dropping the page cache needs actions.clear_cache.page_cache: true', false)
  const path = ctx.dropCachesPath ?? DEFAULT_DROP_CACHES_PATH
  try {
    await writeFile(path, '1', { signal })
    ctx.log.info({ path }, 'page cache dropped')
    return succeeded('page_cache', { path })
  } catch (err) {
    if (signal.aborted) return abortedResult(signal, { target: 'page_cache' })
    const code = (err as NodeJS.ErrnoException).code
    // EACCES / EPERM / EROFS: the agent lacks the privilege; trying again will not help.
    return failed('page_cache_failed', `writing ${path}: ${code ?? (err as Error).message}`, code === undefined || code === 'EBUSY', {
      target: 'page_cache',
    })
  }
}

export const clearCache: Executor<Params> = {
  type: 'clear_cache',
  allowedBy: allowListed('clear_cache'),
  validate: (params) => validateParams('clear_cache', params),
  async execute(ctx, params, signal) {
    if (signal.aborted) return abortedResult(signal)
    if (params.hook === undefined) return dropPageCache(ctx, signal)
    const hook = ctx.policy.cache_hooks?.[params.hook]
    if (!hook) return failed('no_target', `cache hook "${params.hook}" is not defined in local policy`, false)
    return runHook(ctx, params.hook, hook, signal)
  },
}
