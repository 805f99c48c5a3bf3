import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { getSetting, setSetting } from '../../db/queries/settings'
import { Success, errorResponses, ok } from '../../http/envelope'
import { badRequest } from '../../http/errors'
import { notifierSecrets, redactSecrets, restoreSecrets } from '../../http/secrets'
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

/** Global switches: the engine on/off (the report's "enabled") and the alert notifiers. */
export function settingsRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const read = async () => ({
    remediation_enabled: await getSetting(db, 'remediation_enabled'),
    // Write-only: URLs with embedded secrets and header values are shown redacted, to every role.
    notifiers: (await getSetting(db, 'notifiers')).map((n) => redactSecrets(n, notifierSecrets)),
  })
  app.get('/settings', { config: { role: 'viewer' }, schema: { tags: ['settings'], summary: 'Global settings', response: { 200: Success(Type.Unknown()), ...errorResponses } } }, async () => ok(await read()))
  app.put(
    '/settings',
    { config: { role: 'admin' }, schema: { tags: ['settings'], summary: 'Change global settings', body: Settings, response: { 200: Success(Type.Unknown()), ...errorResponses } } },
    async (req) => {
      const b = req.body
      if (b.notifiers) {
        const stored = new Map((await getSetting(db, 'notifiers')).map((n) => [n.name, n]))
        const names = new Set<string>()
        const notifiers = b.notifiers.map((n, i) => {
          if (names.has(n.name)) throw badRequest('invalid_notifier', `body.notifiers[${i}].name ${JSON.stringify(n.name)} is used twice; names identify notifiers`)
          names.add(n.name)
          if (n.kind === 'webhook' && !n.url) throw badRequest('invalid_notifier', `body.notifiers[${i}] (${n.name}) is a webhook without url`)
          // A placeholder sent back from GET keeps the secret stored under the same notifier name.
          return restoreSecrets(n, stored.get(n.name), notifierSecrets, `body.notifiers[${i}]`)
        })
        await setSetting(db, 'notifiers', notifiers, actor(req))
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
