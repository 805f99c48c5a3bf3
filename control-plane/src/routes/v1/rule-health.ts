import Type from 'typebox'
import { textLimits } from '@smartcloudops/shared/protocol/limits'
import { actor } from '../../auth/plugin'
import { getSetting } from '../../db/queries/settings'
import { resumeRuleFleetWide, ruleHealth } from '../../fleet/rule-health'
import { Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { RuleHealth, RuleHealthList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const RuleParam = Type.Object({ name: Type.String({ minLength: 1, maxLength: textLimits.ruleName }) }, { additionalProperties: false })

/**
 * Each rule's fleet-wide success rate from verifications (1 h and 24 h), its automatic pause
 * (settings `rule_auto_pause`) and the operator's resume. Work in fleet/rule-health.ts.
 */
export function ruleHealthRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  app.get(
    '/rules/health',
    {
      config: { role: 'viewer' },
      schema: { tags: ['remediation'], summary: 'Every rule\'s verification success rate and pause state, fleet-wide', response: { 200: Success(ref(RuleHealthList)), ...errorResponses } },
    },
    async () => ok({ rules: await ruleHealth(db, Date.now()), auto_pause: await getSetting(db, 'rule_auto_pause') }),
  )

  app.get(
    '/rules/:name/health',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['remediation'],
        summary: 'One rule\'s verification success rate (ok / failed / inconclusive over 1 h and 24 h) and pause state',
        params: RuleParam,
        response: { 200: Success(ref(RuleHealth)), ...errorResponses },
      },
    },
    async (req) => {
      const [view] = await ruleHealth(db, Date.now(), req.params.name)
      if (!view) throw notFound('rule', req.params.name)
      return ok(view)
    },
  )

  app.post(
    '/rules/:name/resume',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['remediation'],
        summary: 'Resume a rule paused fleet-wide (its failure count starts afresh)',
        params: RuleParam,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: textLimits.reason, description: 'why it is safe to act again (audited)' }) }, { additionalProperties: false }),
        response: { 200: Success(ref(RuleHealth)), 409: errorResponses[400], ...errorResponses },
      },
    },
    async (req) => {
      const name = req.params.name
      const r = await resumeRuleFleetWide(db, deps.bus, name, actor(req), req.body.reason)
      if (!r.ok) {
        const [view] = await ruleHealth(db, Date.now(), name)
        if (!view) throw notFound('rule', name)
        throw conflict('not_paused', `rule ${JSON.stringify(name)} is not paused${view.pause ? ` (resumed ${view.pause.resumed_at} by ${view.pause.resumed_by})` : ''}`)
      }
      req.auditDetail = { rule: name, reason: req.body.reason, paused_at: r.pause.pausedAt.toISOString(), pause_reason: r.pause.reason }
      const [view] = await ruleHealth(db, Date.now(), name)
      return ok(view!)
    },
  )
}
