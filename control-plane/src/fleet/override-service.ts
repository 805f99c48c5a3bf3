import Type from 'typebox'
import { type Duration, DurationWithin, type EffectiveOverride, durationLimits, toSeconds } from '@smartcloudops/shared'
import { clearOverridesAt, createOverride, listActiveOverrides } from '../db/queries/overrides'
import type { OverrideRow } from '../db/schema'
import { iso } from '../http/envelope'
import { badRequest } from '../http/errors'
import type { RouteDeps } from '../http/types'
import { storedSelectorText } from './selector'
import { describeTarget, storedSelectorOf, type Target } from './targets'

export const OverrideBodyFields = {
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why (recorded with the override)' })),
  expires_in: Type.Optional(DurationWithin(durationLimits.overrideExpiry)),
  expires_at: Type.Optional(Type.String({ format: 'date-time' })),
}

export function overrideView(o: OverrideRow, now = Date.now()) {
  return {
    id: o.id,
    scope: o.scope,
    selector: o.selector,
    label_selector: o.scope === 'group' ? storedSelectorText(o) : null,
    mode: o.mode,
    reason: o.reason,
    author: o.author,
    created_at: o.createdAt.toISOString(),
    expires_at: iso(o.expiresAt),
    cleared_at: iso(o.clearedAt),
    cleared_by: o.clearedBy,
    active: o.clearedAt === null && (o.expiresAt === null || o.expiresAt.getTime() > now),
  }
}

export function expiryFrom(body: { expires_in?: Duration; expires_at?: string }): Date | undefined {
  if (body.expires_in !== undefined && body.expires_at !== undefined) throw badRequest('ambiguous_expiry', 'give expires_in or expires_at, not both')
  if (body.expires_in !== undefined) {
    const s = toSeconds(body.expires_in)
    if (s <= 0) throw badRequest('invalid_expiry', 'expires_in must be positive')
    return new Date(Date.now() + s * 1000)
  }
  if (body.expires_at !== undefined) {
    const d = new Date(body.expires_at)
    if (Number.isNaN(d.getTime())) throw badRequest('invalid_expiry', 'expires_at is not a date')
    if (d.getTime() <= Date.now()) throw badRequest('invalid_expiry', 'expires_at is in the past')
    return d
  }
  return undefined
}

/** Creates an override and pushes the new desired state to every affected agent. */
export async function applyOverride(
  deps: RouteDeps,
  target: Target,
  input: { mode: OverrideRow['mode']; reason?: string; author: string; expiresAt?: Date },
): Promise<OverrideRow> {
  const row = await createOverride(deps.database.db, {
    scope: target.scope,
    ...storedSelectorOf(target),
    mode: input.mode,
    reason: input.reason ?? `${input.mode} for ${describeTarget(target)}`,
    author: input.author,
    expiresAt: input.expiresAt,
  })
  await deps.bus.publish({ kind: 'overrides', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
  return row
}

export async function clearOverridesFor(deps: RouteDeps, target: Target, by: string): Promise<OverrideRow[]> {
  const rows = await clearOverridesAt(deps.database.db, target.scope, storedSelectorOf(target), by)
  if (rows.length) await deps.bus.publish({ kind: 'overrides', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
  return rows
}

export async function activeOverrideViews(deps: RouteDeps) {
  return (await listActiveOverrides(deps.database.db)).map((o) => overrideView(o))
}

/** The protocol carries epoch milliseconds; the API answers in ISO 8601 like everywhere else. */
export function effectiveOverrideView(e: EffectiveOverride) {
  const { expires_at, ...rest } = e
  return { ...rest, ...(expires_at !== undefined ? { expires_at: new Date(expires_at).toISOString() } : {}) }
}
