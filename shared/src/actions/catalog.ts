import Type, { type Static } from 'typebox'
import { literalUnion } from '../literal-union'
import { textLimits as T } from '../protocol/limits'

/**
 * The report's seven actions. Parameters never carry commands: they name things the host's local
 * policy defines (a service, a container group, a cache hook), so the control plane can only ask
 * for what the host already allows.
 */
export const actionTypes = [
  'restart_service',
  'restart_container',
  'scale_up',
  'scale_down',
  'clear_cache',
  'emergency_shutdown',
  'send_alert',
] as const
export const ActionType = literalUnion(actionTypes)
export type ActionType = (typeof actionTypes)[number]

const Name = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' })

/** Which containers: by exact name and/or by all of the given labels. */
export const ContainerSelector = Type.Object(
  {
    name: Type.Optional(Name),
    labels: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.String({ maxLength: 256 }))),
  },
  { additionalProperties: false },
)
export type ContainerSelector = Static<typeof ContainerSelector>

export const actionParams = {
  /** A service named in local policy (systemd unit or container-backed). */
  restart_service: Type.Object({ service: Name }, { additionalProperties: false }),
  restart_container: Type.Object({ selector: ContainerSelector }, { additionalProperties: false }),
  /** A scaling group named in local policy; min/max bounds come from the policy, not the rule. */
  scale_up: Type.Object(
    { group: Name, step: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
    { additionalProperties: false },
  ),
  scale_down: Type.Object(
    { group: Name, step: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
    { additionalProperties: false },
  ),
  /** Without a hook: drop the kernel page cache (if local policy allows it). */
  clear_cache: Type.Object({ hook: Type.Optional(Name) }, { additionalProperties: false }),
  /** Stops the containers local policy marks sheddable. */
  emergency_shutdown: Type.Object({}, { additionalProperties: false }),
  send_alert: Type.Object(
    {
      severity: Type.Optional(Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])),
      message: Type.Optional(Type.String({ maxLength: T.reason })),
      channel: Type.Optional(Name),
    },
    { additionalProperties: false },
  ),
} as const satisfies Record<ActionType, unknown>

export type ActionParams = { [K in ActionType]: Static<(typeof actionParams)[K]> }

/** One step of a rule: an action and its parameters. */
export const ActionSpec = Type.Object(
  {
    type: ActionType,
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type ActionSpec = Static<typeof ActionSpec>

