import Type from 'typebox'
import type { Db } from '../db/client'
import { getHost, listHosts } from '../db/queries/hosts'
import type { OverrideScope } from '../db/schema'
import { badRequest, notFound } from '../http/errors'
import { parseSelector, SelectorError, type Labels } from './selector'

/** How a request narrows the fleet: nothing (whole fleet), one host, or a label selector. */
export const TargetFields = {
  host_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one host' })),
  selector: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'label selector, e.g. env=prod,role=web' })),
}

export interface Target {
  scope: OverrideScope
  /** host: {host_id}; group: the labels; fleet: {}. */
  selector: Record<string, string>
  labels?: Labels
  hostId?: string
}

export function parseTarget(q: { host_id?: string; selector?: string }): Target {
  if (q.host_id && q.selector) throw badRequest('ambiguous_target', 'give host_id or selector, not both')
  if (q.host_id) return { scope: 'host', selector: { host_id: q.host_id }, hostId: q.host_id }
  if (q.selector) {
    try {
      const labels = parseSelector(q.selector)
      return { scope: 'group', selector: labels, labels }
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.code, `selector: ${err.message}`)
      throw err
    }
  }
  return { scope: 'fleet', selector: {} }
}

/** The host ids a target covers (404 for an unknown host id). */
export async function resolveTargetHosts(db: Db, t: Target): Promise<string[]> {
  if (t.hostId) {
    const h = await getHost(db, t.hostId)
    if (!h || h.decommissionedAt) throw notFound('host', t.hostId)
    return [h.id]
  }
  const rows = await listHosts(db, t.labels ? { selector: t.labels } : {})
  return rows.map((r) => r.id)
}

export function describeTarget(t: Target): string {
  if (t.scope === 'fleet') return 'the whole fleet'
  if (t.scope === 'host') return `host ${t.hostId}`
  return `hosts matching ${Object.entries(t.selector).map(([k, v]) => `${k}=${v}`).join(',')}`
}

