import type { Db } from '../db/client'
import { hostsMatching, type ExternalAlertInput } from '../db/queries/intake'
import type { Duration } from '@smartcloudops/shared'
import type { AlertmanagerAlert } from './payload'

/** How alerts find their host: the first of these alert labels whose value names a host. */
export interface AlertIntakeConfig {
  /** Alert labels tried in order; `instance` also matches without its `:port`. */
  host_labels: string[]
  /** Match the values against this host label instead of the hostname / host id. */
  host_label_key?: string
  /** A firing alert not re-sent for this long counts as expired (alertmanager/expiry.ts); default 9h. */
  firing_expires_after?: Duration
}

export const defaultIntakeConfig: AlertIntakeConfig = { host_labels: ['hostname', 'instance', 'host'] }

/** `web-1:9100` → `web-1`; `[::1]:9100` → `::1`; anything else as it is. */
function withoutPort(v: string): string {
  const m = /^\[(.+)\]:\d+$/.exec(v) ?? /^([^:]+):\d+$/.exec(v)
  return m ? m[1]! : v
}

function candidates(labels: Record<string, string>, cfg: AlertIntakeConfig): string[] {
  const out: string[] = []
  for (const key of cfg.host_labels) {
    const v = labels[key]
    if (!v) continue
    out.push(v)
    const bare = withoutPort(v)
    if (bare !== v) out.push(bare)
  }
  return out
}

export interface Mapped {
  rows: ExternalAlertInput[]
  unmatched: { fingerprint: string; alertname: string | null; reason: string }[]
}

/** Maps each alert to one host (one query for the whole notification). */
export async function mapAlerts(db: Db, alerts: AlertmanagerAlert[], cfg: AlertIntakeConfig): Promise<Mapped> {
  const all = [...new Set(alerts.flatMap((a) => candidates(a.labels, cfg)))]
  const found = await hostsMatching(db, all, cfg.host_label_key)
  const byValue = new Map<string, string>()
  for (const h of found) {
    const keys = cfg.host_label_key ? [h.labels[cfg.host_label_key]] : [h.id, h.hostname]
    for (const k of keys) if (k && !byValue.has(k)) byValue.set(k, h.id)
  }
  const out: Mapped = { rows: [], unmatched: [] }
  for (const a of alerts) {
    const name = a.labels['alertname']
    if (!name || /\s/.test(name) || name.length > 160) {
      out.unmatched.push({ fingerprint: a.fingerprint, alertname: name ?? null, reason: 'alertname is missing, has whitespace or is over 160 characters' })
      continue
    }
    const startsAt = new Date(a.startsAt)
    if (Number.isNaN(startsAt.getTime())) {
      out.unmatched.push({ fingerprint: a.fingerprint, alertname: name, reason: `startsAt ${JSON.stringify(a.startsAt)} is not a time` })
      continue
    }
    const hostId = candidates(a.labels, cfg).map((v) => byValue.get(v)).find(Boolean)
    if (!hostId) {
      out.unmatched.push({ fingerprint: a.fingerprint, alertname: name, reason: `no host matches labels ${cfg.host_labels.join(', ')}` })
      continue
    }
    const endsAt = a.endsAt ? new Date(a.endsAt) : null
    out.rows.push({
      fingerprint: a.fingerprint,
      hostId,
      name,
      status: a.status,
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt,
      // Firing alerts carry endsAt 0001-01-01 (unknown): stored as null.
      endsAt: endsAt && endsAt.getTime() > 0 ? endsAt : null,
    })
  }
  return out
}
