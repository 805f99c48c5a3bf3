import Type from 'typebox'
import { Rule } from '@smartcloudops/shared'
import { matchScope } from '@smartcloudops/shared/rules/scope'
import { actor } from '../../auth/plugin'
import { getHost } from '../../db/queries/hosts'
import { currentRuleset } from '../../db/queries/rulesets'
import { checkRule, editRules, findRule } from '../../fleet/rules-service'
import { Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { RuleChange, RuleList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/**
 * The report's rule endpoints (`/remediation/rules`): every change makes a new ruleset version,
 * pushed to the agents at once; concurrent edits answer 409 (see fleet/rules-service.ts).
 */
export function ruleRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  app.get(
    '/remediation/rules',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['remediation'],
        summary: 'Rules of the current ruleset (those applying to a host with host_id)',
        querystring: Type.Object({ host_id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: Success(ref(RuleList)), ...errorResponses },
      },
    },
    async (req) => {
      const rs = await currentRuleset(db)
      if (!req.query.host_id) return ok({ version: rs.version, rules: rs.rules })
      const host = await getHost(db, req.query.host_id)
      if (!host) throw notFound('host', req.query.host_id)
      return ok({ version: rs.version, rules: rs.rules.filter((r) => matchScope(r, host).inScope) })
    },
  )

  const RulesetResult = Success(ref(RuleChange))

  app.post(
    '/remediation/rules',
    {
      config: { role: 'operator' },
      schema: { tags: ['remediation'], summary: 'Add a rule (makes a new ruleset version)', body: Rule, response: { 201: RulesetResult, 409: errorResponses[400], ...errorResponses } },
    },
    async (req, reply) => {
      const rule = checkRule(req.body)
      const v = await editRules(
        deps,
        (rules) => {
          if (rules.some((r) => r.name === rule.name)) throw conflict('rule_exists', `a rule named ${JSON.stringify(rule.name)} already exists; use PUT to change it`)
          return [...rules, rule]
        },
        { author: actor(req), message: `add rule ${rule.name}` },
      )
      req.auditDetail = { rule: rule.name, ruleset_version: v.version }
      return reply.status(201).send(ok({ version: v.version, rule }))
    },
  )

  app.put(
    '/remediation/rules/:name',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['remediation'],
        summary: 'Replace a rule (makes a new ruleset version)',
        params: Type.Object({ name: Type.String({ maxLength: 100 }) }),
        body: Rule,
        response: { 200: RulesetResult, ...errorResponses },
      },
    },
    async (req) => {
      const rule = checkRule(req.body)
      const v = await editRules(
        deps,
        (rules) => {
          const i = findRule(rules, req.params.name)
          if (rule.name !== req.params.name && rules.some((r) => r.name === rule.name)) throw conflict('rule_exists', `a rule named ${JSON.stringify(rule.name)} already exists`)
          rules[i] = rule
          return rules
        },
        { author: actor(req), message: `update rule ${req.params.name}` },
      )
      req.auditDetail = { rule: req.params.name, ruleset_version: v.version }
      return ok({ version: v.version, rule })
    },
  )

  app.delete(
    '/remediation/rules/:name',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['remediation'],
        summary: 'Remove a rule (makes a new ruleset version)',
        params: Type.Object({ name: Type.String({ maxLength: 100 }) }),
        response: { 200: RulesetResult, ...errorResponses },
      },
    },
    async (req) => {
      const v = await editRules(
        deps,
        (rules) => {
          const i = findRule(rules, req.params.name)
          rules.splice(i, 1)
          return rules
        },
        { author: actor(req), message: `delete rule ${req.params.name}` },
      )
      req.auditDetail = { rule: req.params.name, ruleset_version: v.version }
      return ok({ version: v.version })
    },
  )
}
