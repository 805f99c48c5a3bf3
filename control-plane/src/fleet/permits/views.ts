import { actionTypes, type ActionType } from '@smartcloudops/shared'
import { isDisruptive } from '@smartcloudops/shared/actions/disruptive'
import type { BudgetInput, InhibitionInput } from '../../db/queries/budgets'
import { alertIsFiring, fleetHealth, liveLeases } from '../../db/queries/permits'
import type { Db } from '../../db/client'
import { queueView } from '../../db/queries/permit-queue'
import type { BudgetRow, InhibitionCondition, InhibitionRow } from '../../db/schema'
import { badRequest } from '../../http/errors'
import { parseSelector, SelectorError } from '../selector'
import { allowedHosts, healthFigures, requirementsOf, type FleetHost, type LiveLease } from './decide'
import { selectorMatchesLabels } from '@smartcloudops/shared/label-selector'

/**
 * The API's side of budgets and inhibitions: checking what an operator sends (every message
 * names the field) and building what GET shows — holders, group figures and refusal counts.
 */

function selectorField(field: string, text: string | undefined): string | null {
  if (text === undefined) return null
  try {
    parseSelector(text)
    return text.trim()
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.code, `${field}: ${err.message}`)
    throw err
  }
}

export interface BudgetBody {
  name: string
  selector?: string
  max_hosts?: number
  max_percent?: number
  min_healthy_percent?: number
}

export function budgetInput(body: BudgetBody): BudgetInput {
  const hasN = body.max_hosts !== undefined
  const hasP = body.max_percent !== undefined
  if (hasN === hasP) {
    throw badRequest('invalid_budget', `max_hosts / max_percent: give exactly one of them (${hasN ? 'both were given' : 'neither was given'})`)
  }
  return {
    name: body.name,
    selector: selectorField('selector', body.selector),
    maxHosts: body.max_hosts ?? null,
    maxPercent: body.max_percent ?? null,
    minHealthyPercent: body.min_healthy_percent ?? null,
  }
}

export interface InhibitionBody {
  name: string
  selector?: string
  actions?: ActionType[]
  rules?: string[]
  condition: { group_unhealthy?: { selector: string; below_percent: number }; alert_firing?: { labels: Record<string, string> } }
}

export function inhibitionInput(body: InhibitionBody): InhibitionInput {
  const notDisruptive = (body.actions ?? []).filter((a) => !isDisruptive(a))
  if (notDisruptive.length > 0) {
    throw badRequest('invalid_inhibition', `actions: ${notDisruptive.join(', ')} is not disruptive and never asks for a permit (disruptive: ${actionTypes.filter(isDisruptive).join(', ')})`)
  }
  const { group_unhealthy: unhealthy, alert_firing: firing } = body.condition
  if ((unhealthy === undefined) === (firing === undefined)) {
    throw badRequest('invalid_inhibition', `condition: give exactly one of group_unhealthy / alert_firing (${unhealthy ? 'both were given' : 'neither was given'})`)
  }
  let condition: InhibitionCondition
  if (unhealthy) {
    const c = unhealthy
    const selector = selectorField('condition.group_unhealthy.selector', c.selector)
    if (selector === null) throw badRequest('invalid_inhibition', 'condition.group_unhealthy.selector: required')
    condition = { kind: 'group_unhealthy', selector, below_percent: c.below_percent }
  } else {
    condition = { kind: 'alert_firing', labels: firing!.labels }
  }
  return {
    name: body.name,
    selector: selectorField('selector', body.selector),
    actions: [...new Set(body.actions ?? [])],
    rules: [...new Set(body.rules ?? [])],
    condition,
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function holderView(l: LiveLease) {
  return { lease_id: l.id, host_id: l.hostId, hostname: l.hostname ?? l.hostId, rule: l.rule, action: l.action, target: l.target, since: l.grantedAt.toISOString(), expires_at: l.expiresAt.toISOString() }
}

type QueuedView = Awaited<ReturnType<typeof queueView>>[number]

function waiterView(w: QueuedView, position: number) {
  return { position, host_id: w.hostId, hostname: w.hostname, rule: w.rule, action: w.action, target: w.target, waiting_since: w.enqueuedAt.toISOString(), wait_until: w.waitUntil.toISOString() }
}

export function budgetView(b: BudgetRow, live: readonly LiveLease[], fleet: readonly FleetHost[], queue: readonly QueuedView[] = [], now = Date.now()) {
  const reqs = requirementsOf(b.selector)
  const holders = live.filter((l) => selectorMatchesLabels(reqs, l.labels))
  const group = healthFigures(fleet, b.selector)
  return {
    id: b.id,
    name: b.name,
    selector: b.selector,
    max_hosts: b.maxHosts,
    max_percent: b.maxPercent,
    min_healthy_percent: b.minHealthyPercent,
    group: { hosts: group.hosts, healthy: group.healthy, healthy_percent: Math.round(group.percent * 10) / 10, allowed_hosts: allowedHosts(b, group.hosts) },
    holders: holders.map(holderView),
    hosts_holding: new Set(holders.map((l) => l.hostId)).size,
    // A wait that ended but whose queue has not had its turn yet is not shown: it is over.
    queue: queue.filter((w) => w.budgetId === b.id && w.waitUntil.getTime() > now).map((w, i) => waiterView(w, i + 1)),
    granted_total: b.grantedTotal,
    refused_total: b.refusedTotal,
    last_refused_at: iso(b.lastRefusedAt),
    created_by: b.createdBy,
    created_at: b.createdAt.toISOString(),
    updated_by: b.updatedBy,
    updated_at: b.updatedAt.toISOString(),
  }
}

export async function budgetViews(db: Db, rows: BudgetRow[]) {
  const [live, fleet, queue] = await Promise.all([liveLeases(db), fleetHealth(db), queueView(db)])
  return rows.map((b) => budgetView(b, live, fleet, queue))
}

export function inhibitionView(i: InhibitionRow, fleet: readonly FleetHost[], firing: ReadonlyMap<string, boolean>) {
  const c = i.condition
  const condition =
    c.kind === 'group_unhealthy'
      ? (() => {
          const f = healthFigures(fleet, c.selector)
          return { group_unhealthy: { selector: c.selector, below_percent: c.below_percent, hosts: f.hosts, healthy: f.healthy, holds: f.hosts > 0 && f.percent < c.below_percent } }
        })()
      : { alert_firing: { labels: c.labels, holds: firing.get(i.id) === true } }
  return {
    id: i.id,
    name: i.name,
    selector: i.selector,
    actions: i.actions,
    rules: i.rules,
    condition,
    refused_total: i.refusedTotal,
    last_refused_at: iso(i.lastRefusedAt),
    created_by: i.createdBy,
    created_at: i.createdAt.toISOString(),
    updated_by: i.updatedBy,
    updated_at: i.updatedAt.toISOString(),
  }
}

export async function inhibitionViews(db: Db, rows: InhibitionRow[]) {
  const fleet = rows.some((i) => i.condition.kind === 'group_unhealthy') ? await fleetHealth(db) : []
  const firing = new Map<string, boolean>()
  for (const i of rows) if (i.condition.kind === 'alert_firing') firing.set(i.id, await alertIsFiring(db, i.condition.labels))
  return rows.map((i) => inhibitionView(i, fleet, firing))
}
