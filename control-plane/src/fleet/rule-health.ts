import type { FastifyBaseLogger } from 'fastify'
import { type ActionVerified, type PausedRule, toSeconds } from '@smartcloudops/shared'
import { formatDuration } from '@smartcloudops/shared/rules/explain'
import type { Db } from '../db/client'
import { activeRulePauses, getRulePause, listRulePauses, pauseRule, resumeRule, verificationCounts, type VerificationCounts } from '../db/queries/rule-health'
import { currentRuleset } from '../db/queries/rulesets'
import { getSetting } from '../db/queries/settings'
import type { RulePauseRow } from '../db/schema'
import type { ChangeBus } from './change-bus'

/**
 * Per-rule success rate from verifications, fleet-wide, and the automatic pause of a rule whose
 * fixes keep failing (settings `rule_auto_pause`). The pause lives in the database (rule_pauses)
 * and reaches agents through the desired state (`paused_rules`) on every replica via the change
 * bus; it lasts until an operator resumes the rule through the API.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface WindowHealth extends VerificationCounts {
  /** ok / (ok + failed); inconclusive (a metric was missing) proves nothing and is left out. null: nothing to rate. */
  success_rate: number | null
}

export interface RuleHealthView {
  rule: string
  /** The rule is in the current ruleset (a paused rule that was since removed still shows). */
  in_ruleset: boolean
  last_1h: WindowHealth
  last_24h: WindowHealth
  paused: boolean
  pause: {
    status: 'paused' | 'resumed'
    paused_at: string
    paused_by: string
    reason: string
    numbers: RulePauseRow['numbers']
    resumed_at: string | null
    resumed_by: string | null
    resume_reason: string | null
  } | null
}

const empty: VerificationCounts = { ok: 0, failed: 0, inconclusive: 0, failed_hosts: 0 }
const rated = (c: VerificationCounts): WindowHealth => ({ ...c, success_rate: c.ok + c.failed === 0 ? null : c.ok / (c.ok + c.failed) })

function pauseView(p: RulePauseRow | undefined): RuleHealthView['pause'] {
  if (!p) return null
  return {
    status: p.status,
    paused_at: p.pausedAt.toISOString(),
    paused_by: p.pausedBy,
    reason: p.reason,
    numbers: p.numbers,
    resumed_at: p.resumedAt?.toISOString() ?? null,
    resumed_by: p.resumedBy,
    resume_reason: p.resumeReason,
  }
}

/** Every rule of the current ruleset (and any rule with a pause record), or just `rule`. */
export async function ruleHealth(db: Db, now: number, rule?: string): Promise<RuleHealthView[]> {
  const [ruleset, pauses, counts] = await Promise.all([currentRuleset(db), listRulePauses(db), verificationCounts(db, [now - HOUR, now - DAY], rule)])
  const inRuleset = new Set(ruleset.rules.map((r) => r.name))
  const byRule = new Map(pauses.map((p) => [p.rule, p]))
  const names = rule !== undefined ? [rule] : [...new Set([...inRuleset, ...byRule.keys()])]
  return names
    .filter((n) => inRuleset.has(n) || byRule.has(n))
    .map((n) => {
      const c = counts.get(n)
      const p = byRule.get(n)
      return {
        rule: n,
        in_ruleset: inRuleset.has(n),
        last_1h: rated(c?.[0] ?? empty),
        last_24h: rated(c?.[1] ?? empty),
        paused: p?.status === 'paused',
        pause: pauseView(p),
      }
    })
}

/** What the desired state carries for each paused rule. */
export async function pausedRules(db: Db): Promise<PausedRule[]> {
  return (await activeRulePauses(db)).map((p) => ({ rule: p.rule, reason: p.reason, paused_at: p.pausedAt.getTime() }))
}

export type ResumeOutcome = { ok: true; pause: RulePauseRow } | { ok: false; code: 'not_paused' }

/** An operator's resume: agents act on the rule again, and the failure count starts afresh. */
export async function resumeRuleFleetWide(db: Db, bus: ChangeBus, rule: string, by: string, reason: string, now = Date.now()): Promise<ResumeOutcome> {
  const row = await resumeRule(db, rule, by, reason, new Date(now))
  if (!row) return { ok: false, code: 'not_paused' }
  await bus.publish({ kind: 'rules' })
  return { ok: true, pause: row }
}

/**
 * Watches stored verifications (called once per newly stored action.verified, on the replica that
 * stored it) and pauses a rule that crossed the threshold. A control plane that stops between
 * storing the event and this check misses one check; the rule's next failed verification makes it.
 */
export class RuleAutoPauser {
  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly log: FastifyBaseLogger,
    /** A new alert is in the database: deliver it. */
    private readonly onAlert: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  async onVerified(hostId: string, v: ActionVerified): Promise<void> {
    const outcome = v.outcome ?? (v.cleared ? 'cleared' : 'holding')
    if (outcome !== 'holding') return
    const cfg = await getSetting(this.db, 'rule_auto_pause')
    if (!cfg.enabled) return
    const existing = await getRulePause(this.db, v.rule)
    if (existing?.status === 'paused') return
    const ruleset = await currentRuleset(this.db)
    if (!ruleset.rules.some((r) => r.name === v.rule)) return // an agent on an older ruleset; nothing to pause
    const now = this.now()
    const windowMs = toSeconds(cfg.window) * 1000
    // Failures before the last resume were answered by the operator: they do not count again.
    const since = Math.max(now - windowMs, existing?.resumedAt?.getTime() ?? 0)
    const c = (await verificationCounts(this.db, [since], v.rule)).get(v.rule)?.[0]
    if (!c || c.failed < cfg.failed_verifications) return
    const window = formatDuration(windowMs)
    const reason = `${c.failed} failed verifications in ${window} across ${c.failed_hosts} host${c.failed_hosts === 1 ? '' : 's'} (threshold ${cfg.failed_verifications})`
    const row = await pauseRule(this.db, {
      rule: v.rule,
      reason,
      numbers: { failed: c.failed, threshold: cfg.failed_verifications, window_s: windowMs / 1000, hosts: c.failed_hosts },
      at: new Date(now),
      alert: {
        hostId,
        summary: `Rule "${v.rule}" paused fleet-wide: ${reason}`,
        detail: `Its actions keep failing to fix what it detects (${c.ok} verified ok, ${c.inconclusive} inconclusive in the same window). Agents no longer act on it (decisions suppressed by rule_paused) until an operator resumes it: POST /api/v1/rules/${encodeURIComponent(v.rule)}/resume. Raised on the host whose verification crossed the threshold.`,
      },
    })
    if (!row) return // another replica paused it first
    this.log.warn({ rule: v.rule, failed: c.failed, threshold: cfg.failed_verifications, hosts: c.failed_hosts }, 'rule paused fleet-wide: its fixes keep failing to verify')
    await this.bus.publish({ kind: 'rules' })
    this.onAlert()
  }
}
