import Type, { type Static } from 'typebox'
import { DurationWithin } from '@smartcloudops/shared'

/**
 * When a rule is paused fleet-wide for failing fixes: `failed_verifications` verifications that
 * ended with the condition still holding, across the fleet, within `window` (since the rule was
 * last resumed). The window is at most a day: the health endpoint counts over 1 h and 24 h.
 */
export const RuleAutoPause = Type.Object(
  {
    enabled: Type.Boolean(),
    failed_verifications: Type.Integer({ minimum: 1, maximum: 10_000 }),
    window: DurationWithin(86_400),
  },
  { additionalProperties: false },
)
export type RuleAutoPause = Static<typeof RuleAutoPause>

export const defaultRuleAutoPause: RuleAutoPause = { enabled: true, failed_verifications: 5, window: '1h' }

/** Shorter than this, a window cannot hold several verifications of one fleet's actions. */
export const RULE_AUTO_PAUSE_MIN_WINDOW_S = 60
