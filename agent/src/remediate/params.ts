import { Compile } from 'typebox/compile'
import { actionParams, type ActionParams, type ActionType, type ContainerSelector } from '@smartcloudops/shared'
import type { Validation } from './types'

const compiled = Object.fromEntries(
  Object.entries(actionParams).map(([type, schema]) => [type, Compile(schema)]),
) as { [K in ActionType]: ReturnType<typeof Compile> }

/** Checks `params` against the shared catalogue's schema for `type`; errors name the parameter. */
export function validateParams<T extends ActionType>(type: T, params: unknown): Validation<ActionParams[T]> {
  const value = params ?? {}
  const check = compiled[type]
  if (check.Check(value)) return { ok: true, params: value as ActionParams[T] }
  const problems = new Set<string>()
  for (const e of check.Errors(value)) {
    if (e.keyword === 'boolean') continue
    const path = e.instancePath.split('/').slice(1).join('.') || 'params'
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
      for (const k of extra) problems.add(`${path === 'params' ? k : `${path}.${k}`}: unknown parameter`)
    } else problems.add(`${path}: ${e.message}`)
  }
  return { ok: false, error: `${type}: ${[...problems].join('; ')}` }
}

/** An empty selector would match every container on the host; executors refuse it. */
export function isEmptySelector(s: ContainerSelector | undefined): boolean {
  return !s || (!s.name && Object.keys(s.labels ?? {}).length === 0)
}
