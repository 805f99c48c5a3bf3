import Type, { type Static } from 'typebox'
import { ActionType } from '../actions/catalog'
import { literalUnion } from '../literal-union'
import { MessageId, Timestamp } from './envelope'
import { durationLimits, textLimits as T } from './limits'

// Permits (disruption leases): asked for over the live connection, never through the outbox — a
// permit that arrives late is worth nothing, so an unanswered request is "offline" (the host's
// local policy decides), not a message to deliver later. Appended 2026-12-01.

/** Agent → server: may this host run this disruptive action on this target now? */
export const PermitRequest = Type.Object(
  {
    /** The agent's id for this request; the answer carries it back. */
    request_id: MessageId,
    rule: Type.String({ maxLength: T.ruleName }),
    action: ActionType,
    /** What the action names (shared/src/actions/disruptive.ts `permitTarget`): one lease per target. */
    target: Type.String({ minLength: 1, maxLength: T.target }),
    /** How long the lease should live if never released (the agent vanished); the server caps it. */
    ttl_s: Type.Number({ minimum: 1, maximum: durationLimits.actionTimeout }),
  },
  { additionalProperties: false },
)
export type PermitRequest = Static<typeof PermitRequest>

/** Agent → server: the action returned; the lease is free. Unknown or foreign lease ids are ignored. */
export const PermitRelease = Type.Object({ lease_id: Type.String({ minLength: 1, maxLength: T.id }) }, { additionalProperties: false })
export type PermitRelease = Static<typeof PermitRelease>

/**
 * Why a permit was refused: `budget` (too many hosts of a budget's group disrupted, or too few
 * healthy, or this host already holds a lease for the target), `inhibited` (an inhibition rule's
 * condition holds), `unavailable` (the control plane could not decide: the agent treats it as offline).
 */
export const permitRefusalReasons = ['budget', 'inhibited', 'unavailable'] as const
export const PermitRefusalReason = literalUnion(permitRefusalReasons)
export type PermitRefusalReason = (typeof permitRefusalReasons)[number]

export const PermitGranted = Type.Object(
  {
    request_id: MessageId,
    granted: Type.Literal(true),
    lease_id: Type.String({ minLength: 1, maxLength: T.id }),
    expires_at: Timestamp,
  },
  { additionalProperties: false },
)
export const PermitRefused = Type.Object(
  {
    request_id: MessageId,
    granted: Type.Literal(false),
    reason: PermitRefusalReason,
    /** The budget or inhibition that refused. */
    name: Type.String({ maxLength: T.name }),
    /** Hosts holding a lease of that budget when it refused (0 for inhibitions). */
    holders: Type.Integer({ minimum: 0 }),
    /** For people: the numbers or the inhibiting condition. */
    detail: Type.String({ maxLength: T.reason }),
  },
  { additionalProperties: false },
)

/** Server → agent: the answer to one permit.request, covering budgets and inhibitions in one round trip. */
export const PermitAnswer = Type.Union([PermitGranted, PermitRefused])
export type PermitAnswer = Static<typeof PermitAnswer>
