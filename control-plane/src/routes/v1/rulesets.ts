import { isDeepStrictEqual } from 'node:util'
import Type from 'typebox'
import { serializeRules } from '@smartcloudops/shared/rules/yaml'
import { numberLimits, type Rule } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { listHosts } from '../../db/queries/hosts'
import { commitRuleset, currentRuleset, getRulesetVersion, listRulesetVersions, rulesetRollout } from '../../db/queries/rulesets'
import { checkRules, parseRulesFile } from '../../fleet/rules-service'
import { diffRulesets } from '../../fleet/ruleset-diff'
import { Pagination, Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { RulesetCommit, RulesetDiff, RulesetRollout, RulesetVersion, RulesetVersionList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const RulesetVersionNumber = Type.Integer({ minimum: 1, maximum: numberLimits.int4 })
const Version = Type.Object({ version: RulesetVersionNumber })

/** Ruleset versions: history, one version, diffs, rollout, and whole-ruleset replacement from git. */
export function rulesetRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  // Platform teams keep rules in git as YAML: accept it as is.
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body))

  const mustGet = async (v: number) => {
    const r = await getRulesetVersion(db, v)
    if (!r) throw notFound('ruleset version', v)
    return r
  }

  app.get(
    '/rulesets',
    {
      config: { role: 'viewer' },
      schema: { tags: ['rulesets'], summary: 'Ruleset versions, newest first', querystring: Type.Object(Pagination.properties, { additionalProperties: false }), response: { 200: Success(ref(RulesetVersionList)), ...errorResponses } },
    },
    async (req) => {
      const [versions, current] = await Promise.all([listRulesetVersions(db, req.query.limit ?? 100, req.query.offset ?? 0), currentRuleset(db)])
      return ok({
        current_version: current.version,
        versions: versions.map((v) => ({ version: v.version, author: v.author, message: v.message, created_at: v.createdAt.toISOString(), rule_count: v.ruleCount })),
      })
    },
  )

  app.get(
    '/rulesets/rollout',
    { config: { role: 'viewer' }, schema: { tags: ['rulesets'], summary: 'Which hosts run which ruleset version', response: { 200: Success(ref(RulesetRollout)), ...errorResponses } } },
    async () => {
      const [current, counts, hosts] = await Promise.all([currentRuleset(db), rulesetRollout(db), listHosts(db)])
      const byVersion = new Map<string, string[]>()
      for (const h of hosts) {
        const k = String(h.appliedRulesetVersion ?? 'none')
        byVersion.set(k, [...(byVersion.get(k) ?? []), h.id])
      }
      return ok({
        current_version: current.version,
        versions: counts.map((c) => ({ version: c.version, hosts: c.hosts, host_ids: (byVersion.get(String(c.version ?? 'none')) ?? []).slice(0, 1000) })),
        up_to_date: hosts.filter((h) => h.appliedRulesetVersion === current.version).length,
        behind: hosts.filter((h) => h.appliedRulesetVersion !== current.version).length,
      })
    },
  )

  app.get(
    '/rulesets/diff',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['rulesets'],
        summary: 'Differences between two ruleset versions (rules added, removed, changed)',
        querystring: Type.Object({ from: RulesetVersionNumber, to: RulesetVersionNumber }, { additionalProperties: false }),
        response: { 200: Success(ref(RulesetDiff)), ...errorResponses },
      },
    },
    async (req) => {
      const [a, b] = await Promise.all([mustGet(req.query.from), mustGet(req.query.to)])
      return ok({ from: a.version, to: b.version, ...diffRulesets(a.rules, b.rules) })
    },
  )

  app.get(
    '/rulesets/export',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['rulesets'],
        summary: 'A ruleset version (the current one by default) as a rules file to keep in git; PUT /rulesets takes it back',
        querystring: Type.Object(
          {
            version: Type.Optional(RulesetVersionNumber),
            format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')], { default: 'yaml' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: { description: 'the rules file', content: { 'application/yaml': { schema: Type.String() }, 'application/json': { schema: Type.String() } } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = req.query.version ? await mustGet(req.query.version) : await currentRuleset(db)
      const format = req.query.format ?? 'yaml'
      return reply
        .header('content-type', format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
        .header('x-ruleset-version', String(r.version))
        .send(serializeRules(r.rules, format))
    },
  )

  app.get(
    '/rulesets/:version',
    { config: { role: 'viewer' }, schema: { tags: ['rulesets'], summary: 'One ruleset version', params: Version, response: { 200: Success(ref(RulesetVersion)), ...errorResponses } } },
    async (req) => {
      const r = await mustGet(req.params.version)
      return ok({ version: r.version, author: r.author, message: r.message, created_at: r.createdAt.toISOString(), rules: r.rules })
    },
  )

  app.put(
    '/rulesets',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['rulesets'],
        summary: 'Replace the whole ruleset (YAML body, or JSON {rules, message?, expected_version?}); makes a new version',
        querystring: Type.Object(
          { message: Type.Optional(Type.String({ maxLength: 2000 })), expected_version: Type.Optional(Type.Integer({ minimum: 0, maximum: numberLimits.int4 })) },
          { additionalProperties: false },
        ),
        body: Type.Union([
          Type.String({ description: 'a YAML rules file (Content-Type: application/yaml)' }),
          Type.Object(
            {
              rules: Type.Array(Type.Unknown(), { maxItems: 1000 }),
              message: Type.Optional(Type.String({ maxLength: 2000 })),
              expected_version: Type.Optional(Type.Integer({ minimum: 0, maximum: numberLimits.int4 })),
            },
            { additionalProperties: false },
          ),
        ]),
        response: { 200: Success(ref(RulesetCommit)), 409: errorResponses[400], ...errorResponses },
      },
    },
    async (req) => {
      const body = req.body
      let rules
      let message = req.query.message
      let expected = req.query.expected_version
      if (typeof body === 'string') {
        rules = parseRulesFile(body)
      } else {
        rules = checkRules(body.rules, 'body')
        message = body.message ?? message
        expected = body.expected_version ?? expected
      }
      const current = await currentRuleset(db)
      // Applying what is already current (a CI job re-pushing the same YAML) is a no-op: no new
      // version, no push to the fleet, nothing in the audit log but the call itself.
      if (sameRules(current.rules, rules)) {
        req.auditDetail = { ruleset_version: current.version, changed: false }
        return ok({ version: current.version, changed: false, added: [], removed: [], modified: [] })
      }
      const res = await commitRuleset(db, { rules, author: actor(req), message: message ?? 'ruleset replaced', expectedVersion: expected ?? current.version })
      if ('conflict' in res) throw conflict('ruleset_conflict', `the ruleset is at version ${res.conflict}, not ${expected ?? current.version}; reload and retry`)
      await deps.bus.publish({ kind: 'rules' })
      req.auditDetail = { ruleset_version: res.version, rules: rules.length }
      const d = diffRulesets(current.rules, res.rules)
      return ok({ version: res.version, changed: true, added: d.added.map((r) => r.name), removed: d.removed.map((r) => r.name), modified: d.changed.map((c) => c.name) })
    },
  )
}

/** The same rules in the same order, compared as stored (JSON), so an absent and an undefined field are alike. */
function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)))
}
