import Type from 'typebox'
import { component, Iso, IsoOrNull, Nullable, ref } from './component'
import { RuleAutoPauseView } from './config'

const WindowHealth = Type.Object({
  ok: Type.Integer({ description: 'verifications that proved the condition cleared' }),
  failed: Type.Integer({ description: 'verifications that ended with the condition still holding' }),
  inconclusive: Type.Integer({ description: 'verifications that could not tell (a needed metric was missing)' }),
  failed_hosts: Type.Integer({ description: 'hosts with at least one failed verification' }),
  success_rate: Nullable(Type.Number({ description: 'ok / (ok + failed); null when there is nothing to rate' })),
})

/** One rule's fleet-wide verification record and its pause, if any. */
export const RuleHealth = component(
  'RuleHealth',
  Type.Object({
    rule: Type.String(),
    in_ruleset: Type.Boolean(),
    last_1h: WindowHealth,
    last_24h: WindowHealth,
    paused: Type.Boolean(),
    pause: Nullable(
      Type.Object({
        status: Type.Union([Type.Literal('paused'), Type.Literal('resumed')]),
        paused_at: Iso,
        paused_by: Type.String(),
        reason: Type.String(),
        numbers: Type.Object({ failed: Type.Integer(), threshold: Type.Integer(), window_s: Type.Number(), hosts: Type.Integer() }),
        resumed_at: IsoOrNull,
        resumed_by: Nullable(Type.String()),
        resume_reason: Nullable(Type.String()),
      }),
    ),
  }),
)

export const RuleHealthList = component(
  'RuleHealthList',
  Type.Object({
    rules: Type.Array(ref(RuleHealth)),
    auto_pause: ref(RuleAutoPauseView),
  }),
)
