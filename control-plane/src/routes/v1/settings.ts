import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { getSetting, setSetting } from '../../db/queries/settings'
import { Success, errorResponses, ok } from '../../http/envelope'
import { Settings as SettingsView, ref } from '../../http/schemas'
import { badRequest } from '../../http/errors'
import type { App, RouteDeps } from '../../http/types'

const Notifier = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' }),
    kind: Type.Union([Type.Literal('webhook'), Type.Literal('log')]),
    url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
    min_severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])),
    headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
)
const Settings = Type.Object(
  { remediation_enabled: Type.Optional(Type.Boolean()), notifiers: Type.Optional(Type.Array(Notifier, { maxItems: 50 })) },
  { additionalProperties: false },
)

const REDACTED = '[redacted]'

/**
 * GET shows header values as [redacted]; a PUT of what GET showed keeps the stored secret for that
 * notifier and header instead of storing the placeholder.
 */
function keepRedacted<N extends { name: string; headers?: Record<string, string> }>(next: N[], stored: readonly N[]): N[] {
  const old = new Map(stored.map((n) => [n.name, n.headers ?? {}]))
  return next.map((n) => {
    if (!n.headers) return n
    const kept = Object.entries(n.headers).map(([k, v]) => [k, v === REDACTED ? old.get(n.name)?.[k] : v] as const)
    const missing = kept.filter(([, v]) => v === undefined).map(([k]) => k)
    if (missing.length) throw badRequest('redacted_header', `notifiers: ${n.name} header ${missing.join(', ')} is "${REDACTED}" but no stored value exists; send the real value`)
    return { ...n, headers: Object.fromEntries(kept) as Record<string, string> }
  })
}

/** Global switches: the engine on/off (the report's "enabled") and the alert notifiers. */
export function settingsRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const read = async () => ({
    remediation_enabled: await getSetting(db, 'remediation_enabled'),
    // Webhook headers may carry secrets: shown as names only.
    notifiers: (await getSetting(db, 'notifiers')).map((n) => ({ ...n, headers: n.headers ? Object.fromEntries(Object.keys(n.headers).map((k) => [k, REDACTED])) : undefined })),
  })
  app.get('/settings', { config: { role: 'viewer' }, schema: { tags: ['settings'], summary: 'Global settings', response: { 200: Success(ref(SettingsView)), ...errorResponses } } }, async () => ok(await read()))
  app.put(
    '/settings',
    { config: { role: 'admin' }, schema: { tags: ['settings'], summary: 'Change global settings', body: Settings, response: { 200: Success(ref(SettingsView)), ...errorResponses } } },
    async (req) => {
      const b = req.body
      if (b.notifiers) {
        for (const n of b.notifiers) if (n.kind === 'webhook' && !n.url) throw Object.assign(new Error(`notifiers: ${n.name} is a webhook without url`), { statusCode: 400, code: 'invalid_notifier' })
        await setSetting(db, 'notifiers', keepRedacted(b.notifiers, await getSetting(db, 'notifiers')), actor(req))
      }
      if (b.remediation_enabled !== undefined) {
        await setSetting(db, 'remediation_enabled', b.remediation_enabled, actor(req))
        await deps.bus.publish({ kind: 'settings' })
      }
      req.auditDetail = { remediation_enabled: b.remediation_enabled, notifiers: b.notifiers?.map((n) => n.name) }
      return ok(await read())
    },
  )
}
