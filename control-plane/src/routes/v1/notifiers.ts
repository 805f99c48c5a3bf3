import Type from 'typebox'
import { getSetting } from '../../db/queries/settings'
import { Success, errorResponses, ok } from '../../http/envelope'
import { notFound } from '../../http/errors'
import { NotifierTestResult, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { notifierKinds } from '../../notify/kinds'
import type { AlertNotice } from '../../notify/notifier'
import { scrub, secretValues } from '../../notify/secrets'

/** Sends a test notification through one configured notifier, now, and says what happened. */
export function notifierRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.post(
    '/notifiers/:name/test',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Send a test notification through a notifier (not queued: the answer is the outcome)',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Type.Optional(
          Type.Object({ severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])) }, { additionalProperties: false }),
        ),
        response: { 200: Success(ref(NotifierTestResult)), ...errorResponses },
      },
    },
    async (req) => {
      const cfg = (await getSetting(db, 'notifiers')).find((n) => n.name === req.params.name)
      if (!cfg) throw notFound('notifier', req.params.name)
      const now = new Date().toISOString()
      const notice: AlertNotice = {
        alert_id: `test-${Date.now().toString(36)}`,
        host_id: 'test',
        hostname: 'smartcloudops-test',
        severity: req.body?.severity ?? 'info',
        summary: `Test notification from SmartCloudOps (notifier ${cfg.name})`,
        detail: 'Sent by POST /api/v1/notifiers/:name/test; nothing is wrong.',
        raised_at: now,
        status: 'firing',
        labels: {},
      }
      const notifier = notifierKinds[cfg.kind].create(cfg, { log: req.log.child({ notifier: cfg.name }) })
      const r = await notifier.notify(notice, AbortSignal.timeout(10_000))
      req.auditDetail = { notifier: cfg.name, ok: r.ok }
      return ok({ notifier: cfg.name, kind: cfg.kind, ok: r.ok, retryable: r.retryable, error: r.error ? scrub(r.error, secretValues(cfg)) : null })
    },
  )
}
