import type { Rule } from '@smartcloudops/shared'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'
import { validateRule, validateRuleset } from '@smartcloudops/shared/rules/validate'
import { parseRules } from '@smartcloudops/shared/rules/yaml'
import type { Db } from '../db/client'
import { commitRuleset, currentRuleset, listRulesetVersions, type RulesetVersion } from '../db/queries/rulesets'
import { ApiError, badRequest, conflict, notFound } from '../http/errors'
import type { RouteDeps } from '../http/types'
import { joinPath } from '../http/validation-message'

/** First start: ruleset version 1 is the report's five default rules. */
export async function ensureDefaultRuleset(db: Db): Promise<void> {
  const versions = await listRulesetVersions(db, 1)
  if (versions.length > 0) return
  await commitRuleset(db, { rules: defaultRules.map((r) => structuredClone(r) as Rule), author: 'system', message: 'default rules (Phase 4 report)' })
}

function invalid(errors: { path: string; message: string }[], prefix: string): ApiError {
  const first = errors.slice(0, 5).map((e) => `${joinPath(prefix, e.path)}: ${e.message}`)
  return badRequest('invalid_rule', first.join('; '))
}

export function checkRule(input: unknown, prefix = 'body'): Rule {
  const r = validateRule(input)
  if (!r.ok) throw invalid(r.errors, prefix)
  return r.rule
}

/** A YAML rules file (as kept in git): parsed and validated, errors with their lines (400 invalid_rules). */
export function parseRulesFile(text: string): Rule[] {
  const parsed = parseRules(text, { format: 'yaml' })
  if (!parsed.ok) {
    throw badRequest('invalid_rules', parsed.errors.slice(0, 5).map((e) => `${e.path}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`).join('; '))
  }
  return parsed.rules
}

/** `prefix` names where the list came from (`body` for a request's `rules`); errors already start at `rules[i]`. */
export function checkRules(input: unknown, prefix = ''): Rule[] {
  const r = validateRuleset(input)
  if (!r.ok) throw invalid(r.errors, prefix)
  return r.rules
}

/**
 * Applies an edit to the current ruleset as a new version (optimistic: a concurrent edit makes
 * this one fail with 409 rather than lose either), then pushes it to the agents.
 */
export async function editRules(
  deps: RouteDeps,
  edit: (rules: Rule[]) => Rule[],
  meta: { author: string; message: string; expectedVersion?: number },
): Promise<RulesetVersion> {
  const db = deps.database.db
  const current = await currentRuleset(db)
  const next = checkRules(edit(current.rules.map((r) => ({ ...r }))))
  const expected = meta.expectedVersion ?? current.version
  const res = await commitRuleset(db, { rules: next, author: meta.author, message: meta.message, expectedVersion: expected })
  if ('conflict' in res) {
    throw conflict('ruleset_conflict', `the ruleset changed meanwhile (now version ${res.conflict}, expected ${expected}); reload and retry`)
  }
  await deps.bus.publish({ kind: 'rules' })
  return res
}

export function findRule(rules: Rule[], name: string): number {
  const i = rules.findIndex((r) => r.name === name)
  if (i === -1) throw notFound('rule', name)
  return i
}
