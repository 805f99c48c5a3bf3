import type { FastifyBaseLogger } from 'fastify'
import type { NotifierConfig, NotifierKindName } from './config'
import type { Notifier } from './notifier'

/**
 * A kind of notifier (one folder under notifiers/): checks its config when it is saved, names its
 * secret fields, and builds the one-method Notifier.
 */
export interface NotifierKind {
  kind: NotifierKindName
  /** Secret fields: `url`, `secret`, `routing_key`, `smtp.password`, or `headers.*` (every header value). */
  secrets: readonly string[]
  /** A problem with the config, in words naming the field; undefined when it is usable. */
  check(cfg: NotifierConfig): string | undefined
  create(cfg: NotifierConfig, deps: { log: FastifyBaseLogger }): Notifier
}

export function httpUrlProblem(field: string, value: string | undefined): string | undefined {
  if (!value) return `${field} is required`
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return `${field} is not a URL`
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `${field} must be http(s)`
  return undefined
}
