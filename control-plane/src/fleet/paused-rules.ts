import { ACCEPTS_PAUSED_RULES, type DesiredState } from '@smartcloudops/shared'

type Content = Omit<DesiredState, 'host_id' | 'revision'>

/**
 * The snapshot as an agent that does not list ACCEPTS_PAUSED_RULES in its hello can read it: such
 * an agent would refuse the unknown `paused_rules` field (objects are closed) and keep acting on
 * a paused rule; it gets the paused rules with `enabled: false` instead, so it stops acting on them
 * (recorded as "rule disabled"), which is the pause's purpose. A newer agent gets the field and
 * records `rule_paused` with the reason.
 */
export function forOlderAgents<T extends Content>(content: T): T {
  if (!content.paused_rules) return content
  const paused = new Set(content.paused_rules.map((p) => p.rule))
  const { paused_rules: _omitted, ...rest } = content
  return { ...rest, ruleset: { ...content.ruleset, rules: content.ruleset.rules.map((r) => (paused.has(r.name) ? { ...r, enabled: false } : r)) } } as T
}

export const acceptsPausedRules = (accepts: ReadonlySet<string>): boolean => accepts.has(ACCEPTS_PAUSED_RULES)
