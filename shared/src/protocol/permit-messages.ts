import Type, { type Static } from 'typebox'
import { ActionType } from '../actions/catalog'
import { literalUnion } from '../literal-union'
import { MessageId, Timestamp } from './envelope'
import { durationLimits, textLimits as T } from './limits'

// Permits (disruption leases): asked for over the live connection, never through the outbox — a
// permit that arrives late is worth nothing, so an unanswered request is "offline" (the host's
// local policy decides), not a message to deliver later. Appended 2026-12-01.

/** The fields of both permit requests (v2 adds `wait_s`). */
const permitRequestFields = {
  /** The agent's id for this request; the answer carries it back. */
  request_id: MessageId,
  rule: Type.String({ maxLength: T.ruleName }),
  action: ActionType,
  /** What the action names (shared/src/actions/disruptive.ts `permitTarget`): one lease per target. */
  target: Type.String({ minLength: 1, maxLength: T.target }),
  /** How long the lease should live if never released (the agent vanished); the server caps it. */
  ttl_s: Type.Number({ minimum: 1, maximum: durationLimits.actionTimeout }),
}
/** Agent → server: may this host run this disruptive action on this target now? */
export const PermitRequest = Type.Object(permitRequestFields, { additionalProperties: false })
export type PermitRequest = Static<typeof PermitRequest>

/**
 * Agent → server (appended 2026-12-02): a permit request that may wait in the queue of a full
 * budget for up to `wait_s` seconds. Refused only because a budget is full, it is queued (the
 * server answers `permit.queued`) and answered later by one `permit.answer`: granted when a lease
 * of that budget frees and it is at the head, or refused when its wait ends. Any other refusal
 * (inhibited, min_healthy, one lease per target) is answered at once, as for `permit.request`.
 */
export const PermitRequestV2 = Type.Object(
  {
    ...permitRequestFields,
    /** The longest the agent will wait for a grant; 0 = never queue (answered like permit.request). */
    wait_s: Type.Integer({ minimum: 0, maximum: durationLimits.permitWait }),
  },
  { additionalProperties: false },
)
export type PermitRequestV2 = Static<typeof PermitRequestV2>

/** Server → agent (appended 2026-12-02): the request waits in a budget's queue; one permit.answer follows. */
export const PermitQueued = Type.Object(
  {
    request_id: MessageId,
    /** The full budget it waits for. */
    name: Type.String({ maxLength: T.name }),
    /** 1 = next to be granted. */
    position: Type.Integer({ minimum: 1 }),
    /** Hosts holding a lease of that budget now. */
    holders: Type.Integer({ minimum: 0 }),
    /** When the server gives up on it (enqueued + wait_s) and answers a refusal. */
    wait_until: Timestamp,
  },
  { additionalProperties: false },
)
export type PermitQueued = Static<typeof PermitQueued>

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
