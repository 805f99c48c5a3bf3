import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { getSetting, setSetting } from '../../db/queries/settings'
import { Success, errorResponses, ok } from '../../http/envelope'
import { badRequest } from '../../http/errors'
import { NotifierConfig } from '../../notify/config'
import { notifierProblems } from '../../notify/kinds'
import { redactNotifier, restoreNotifier } from '../../notify/secrets'
import { Settings as SettingsView, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { RULE_AUTO_PAUSE_MIN_WINDOW_S, RuleAutoPause } from '../../fleet/rule-auto-pause-settings'
import { DurationWithin, toSeconds } from '@smartcloudops/shared'
import { DEFAULT_FIRING_EXPIRES_AFTER, MAX_FIRING_EXPIRES_AFTER_S, MIN_FIRING_EXPIRES_AFTER_S } from '../../alertmanager/expiry'

const Settings = Type.Object(
  {
    remediation_enabled: Type.Optional(Type.Boolean()),
    notifiers: Type.Optional(Type.Array(NotifierConfig, { maxItems: 50 })),
    /** How Alertmanager alerts find their host (see control-plane README). */
    alert_intake: Type.Optional(
      Type.Object(
        {
          host_labels: Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), { minItems: 1, maxItems: 10 }),
          host_label_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          /** A firing alert not re-sent for this long counts as expired (alertmanager/expiry.ts). */
          firing_expires_after: Type.Optional(DurationWithin(MAX_FIRING_EXPIRES_AFTER_S)),
        },
        { additionalProperties: false },
      ),
    ),
    /** When a rule whose fixes keep failing to verify is paused fleet-wide (fleet/rule-health.ts). */
    rule_auto_pause: Type.Optional(RuleAutoPause),
  },
  { additionalProperties: false },
)


/** Global switches: the engine on/off (the report's "enabled") and the alert notifiers. */
export function settingsRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const read = async () => ({
    remediation_enabled: await getSetting(db, 'remediation_enabled'),
    alert_intake: { firing_expires_after: DEFAULT_FIRING_EXPIRES_AFTER, ...(await getSetting(db, 'alert_intake')) },
    // Write-only: URLs with embedded secrets, keys, passwords and header values are shown redacted, to every role.
    notifiers: (await getSetting(db, 'notifiers')).map(redactNotifier),
    rule_auto_pause: await getSetting(db, 'rule_auto_pause'),
  })
  app.get('/settings', { config: { role: 'viewer' }, schema: { tags: ['settings'], summary: 'Global settings', response: { 200: Success(ref(SettingsView)), ...errorResponses } } }, async () => ok(await read()))
  app.put(
    '/settings',
    { config: { role: 'admin' }, schema: { tags: ['settings'], summary: 'Change global settings', body: Settings, response: { 200: Success(ref(SettingsView)), ...errorResponses } } },
    async (req) => {
      const b = req.body
      if (b.notifiers) {
        const stored = new Map((await getSetting(db, 'notifiers')).map((n) => [n.name, n]))
        const names = new Set<string>()
        const notifiers = b.notifiers.map((n, i) => {
          if (names.has(n.name)) throw badRequest('invalid_notifier', `body.notifiers[${i}].name ${JSON.stringify(n.name)} is used twice; names identify notifiers`)
          names.add(n.name)
          // A placeholder sent back from GET keeps the secret stored under the same notifier name.
          return restoreNotifier(n, stored.get(n.name), `body.notifiers[${i}]`)
        })
        const problems = notifierProblems(notifiers)
        if (problems.length) throw badRequest('invalid_notifier', problems.join('; '))
        await setSetting(db, 'notifiers', notifiers, actor(req))
      }
      if (b.alert_intake) {
        const expiry = b.alert_intake.firing_expires_after
        if (expiry !== undefined && toSeconds(expiry) < MIN_FIRING_EXPIRES_AFTER_S) {
          throw badRequest(
            'invalid_setting',
            `body.alert_intake.firing_expires_after must be at least ${MIN_FIRING_EXPIRES_AFTER_S}s (Alertmanager's default group_interval; make it longer than your repeat_interval), got ${JSON.stringify(expiry)}`,
          )
        }
        await setSetting(db, 'alert_intake', b.alert_intake, actor(req))
        // A new bound can expire (or revive) alerts at once: every agent gets its alerts again.
        await deps.bus.publish({ kind: 'alerts' })
      }
      if (b.rule_auto_pause) {
        if (toSeconds(b.rule_auto_pause.window) < RULE_AUTO_PAUSE_MIN_WINDOW_S) {
          throw badRequest('invalid_setting', `body.rule_auto_pause.window must be at least ${RULE_AUTO_PAUSE_MIN_WINDOW_S}s (a window that can hold several verifications), got ${JSON.stringify(b.rule_auto_pause.window)}`)
        }
        await setSetting(db, 'rule_auto_pause', b.rule_auto_pause, actor(req))
      }
      if (b.remediation_enabled !== undefined) {
        await setSetting(db, 'remediation_enabled', b.remediation_enabled, actor(req))
        await deps.bus.publish({ kind: 'settings' })
      }
      req.auditDetail = { remediation_enabled: b.remediation_enabled, notifiers: b.notifiers?.map((n) => n.name), alert_intake: b.alert_intake, rule_auto_pause: b.rule_auto_pause }
      return ok(await read())
    },
  )
}
