import Type from 'typebox'
import type { Db } from '../db/client'
import { formatLabelSelector, type SelectorRequirement } from '@smartcloudops/shared/label-selector'
import { getHost, listHostSummaries } from '../db/queries/hosts'
import type { OverrideScope } from '../db/schema'
import { badRequest, notFound } from '../http/errors'
import { canonicalRequirements, parseSelector, requirementsMatch, SelectorError, type Labels, type StoredSelector } from './selector'

/** How a request narrows the fleet: nothing (whole fleet), one host, or a label selector. */
export const TargetFields = {
  host_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one host' })),
  selector: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'label selector, e.g. env=prod,role=web' })),
}

export interface Target {
  scope: OverrideScope
  /** host: {host_id}; group: the labels of an equality selector (empty for a set-based one); fleet: {}. */
  selector: Record<string, string>
  /** group with an equality selector: the labels (what overrides store). */
  labels?: Labels
  /** group: every term, in the Kubernetes grammar. */
  requirements?: SelectorRequirement[]
  hostId?: string
}

export function parseTarget(q: { host_id?: string; selector?: string }): Target {
  if (q.host_id && q.selector) throw badRequest('ambiguous_target', 'give host_id or selector, not both')
  if (q.host_id) return { scope: 'host', selector: { host_id: q.host_id }, hostId: q.host_id }
  if (q.selector) {
    try {
      const { requirements, equality } = parseSelector(q.selector)
      return { scope: 'group', selector: equality ?? {}, requirements, ...(equality ? { labels: equality } : {}) }
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
  if (t.requirements && !t.labels) {
    const reqs = t.requirements
    return (await listHostSummaries(db)).filter((h) => requirementsMatch(reqs, h.labels)).map((h) => h.id)
  }
  const rows = await listHostSummaries(db, t.labels ? { selector: t.labels } : {})
  return rows.map((r) => r.id)
}

/**
 * How overrides and model assignments store a target: an equality group as its labels (as before
 * set-based selectors existed), a set-based one (!=, in, notin, exists, !key) as its canonical terms.
 */
export function storedSelectorOf(t: Target): StoredSelector {
  if (t.scope === 'group' && !t.labels && t.requirements) return { selector: {}, requirements: canonicalRequirements(t.requirements) }
  return { selector: t.selector, requirements: null }
}

export function describeTarget(t: Target): string {
  if (t.scope === 'fleet') return 'the whole fleet'
  if (t.scope === 'host') return `host ${t.hostId}`
  return `hosts matching ${t.requirements ? formatLabelSelector(t.requirements) : Object.entries(t.selector).map(([k, v]) => `${k}=${v}`).join(',')}`
}

