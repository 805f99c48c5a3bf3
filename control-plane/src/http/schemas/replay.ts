import Type from 'typebox'
import { ActionSpec } from '@smartcloudops/shared'
import { component, Iso, Nullable } from './component'

const Outcome = Type.Union([Type.Literal('execute'), Type.Literal('dry_run')])
const list = <T extends Parameters<typeof Type.Array>[0]>(item: T, what: string) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0, description: `every ${what}; items holds the first \`limit\`` }) })

const Counts = {
  fired: Type.Integer({ minimum: 0, description: 'conditions held long enough (for), in scope and enabled' }),
  would_act: Type.Integer({ minimum: 0, description: 'passed every replayed gate with the override enabled: the actions would have run' }),
  would_actions: Type.Integer({ minimum: 0, description: 'the actions those would_act firings would have run (a rule may have several)' }),
  dry_run: Type.Integer({ minimum: 0, description: 'passed every gate under a dry_run override (nothing runs)' }),
  suppressed: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'refusals by gate (cooldown, max_actions, override_paused, active, …)' }),
  alerts: Type.Integer({ minimum: 0, description: 'max_actions stops that raise an alert' }),
}

export const RulesetReplay = component(
  'RulesetReplay',
  Type.Object({
    ruleset: Type.Object({ source: Type.Union([Type.Literal('rules'), Type.Literal('yaml'), Type.Literal('change')]), rules: Type.Integer(), current_version: Type.Integer() }),
    range: Type.Object({ from: Iso, to: Iso }),
    selector: Nullable(Type.String()),
    hosts_matched: Type.Integer({ minimum: 0 }),
    hosts_with_samples: Type.Integer({ minimum: 0 }),
    samples: Type.Integer({ minimum: 0, description: 'stored samples replayed' }),
    duration_ms: Type.Integer({ minimum: 0 }),
    samples_per_second: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 0 }),
    totals: Type.Object({
      fired: Type.Integer(),
      would_act: Type.Integer(),
      dry_run: Type.Integer(),
      budget_delayed: Type.Integer({ description: 'would_act firings a full budget would have made wait for a lease (budgets simulated)' }),
      budget_refused: Type.Integer({ description: 'would_act firings a full budget would have refused after their wait' }),
      would_act_after_budgets: Type.Integer({ description: 'would_act minus budget_refused' }),
      ran: Nullable(Type.Integer({ description: 'stored actions in range; null when there were too many to read' })),
      current_would_act: Type.Optional(Type.Integer({ description: 'with baseline: what the current ruleset would have done' })),
    }),
    rules: Type.Array(
      Type.Object({
        rule: Type.String(),
        in_ruleset: Type.Boolean({ description: 'false for a rule that only appears in what ran (removed or renamed)' }),
        ...Counts,
        budget_delayed: Type.Integer({ minimum: 0 }),
        budget_refused: Type.Integer({ minimum: 0 }),
        ran: Type.Integer({ minimum: 0, description: 'stored actions of this rule in range; ran, both, would_only and ran_only count actions, not firings' }),
        both: Type.Integer({ minimum: 0 }),
        would_only: Type.Integer({ minimum: 0 }),
        ran_only: Type.Integer({ minimum: 0 }),
        current: Type.Optional(Type.Object({ in_ruleset: Type.Boolean(), ...Counts }, { description: 'with baseline: the current ruleset over the same samples' })),
      }),
    ),
    budgets: Type.Object(
      {
        source: Type.Union([Type.Literal('current'), Type.Literal('request')], { description: 'the budgets that exist now, or body.budgets' }),
        hold_s: Type.Number({ description: 'how long each replayed disruptive action holds its lease (assumption)' }),
        wait_s: Type.Number({ description: "how long a replayed request waits in a full budget's queue" }),
        permit_requests: Type.Integer({ minimum: 0, description: 'replayed firings with a disruptive action (0 when there is no budget)' }),
        items: Type.Array(
          Type.Object({
            name: Type.String(),
            selector: Nullable(Type.String()),
            max_hosts: Nullable(Type.Integer()),
            max_percent: Nullable(Type.Number()),
            delayed: Type.Integer({ minimum: 0 }),
            refused: Type.Integer({ minimum: 0 }),
            max_delay_s: Type.Number({ minimum: 0 }),
          }),
        ),
      },
      { description: 'budgets simulated over the replayed firings (see assumptions)' },
    ),
    hosts: list(
      Type.Object({
        host_id: Type.String(),
        hostname: Type.String(),
        samples: Type.Integer(),
        would_act: Type.Integer(),
        ran: Type.Integer(),
        both: Type.Integer(),
        would_only: Type.Integer(),
        ran_only: Type.Integer(),
      }),
      'host replayed, busiest first',
    ),
    firings: list(
      Type.Object({ host_id: Type.String(), hostname: Type.String(), rule: Type.String(), ts: Iso, outcome: Outcome, actions: Type.Array(ActionSpec) }),
      'firing that passed the gates, by host then time',
    ),
    comparison: Type.Object({
      match_window_s: Type.Number({ description: 'a replayed action and a stored one of the same host, rule and type this close are one event' }),
      complete: Type.Boolean({ description: 'false when the range held more stored actions than one replay reads' }),
      both: list(
        Type.Object({ host_id: Type.String(), hostname: Type.String(), rule: Type.String(), action: Type.String(), replay_ts: Iso, ran_ts: Iso, action_id: Type.String(), status: Type.String() }),
        'action the replay takes that also ran',
      ),
      would_fire_not_run: list(Type.Object({ host_id: Type.String(), hostname: Type.String(), rule: Type.String(), action: Type.String(), ts: Iso }), 'action the replay takes that did not run'),
      ran_not_would_fire: list(
        Type.Object({ host_id: Type.String(), hostname: Type.String(), rule: Type.String(), action: Type.String(), ts: Iso, action_id: Type.String(), status: Type.String() }),
        'action that ran that the replay does not take',
      ),
    }),
    assumptions: Type.Array(Type.String(), { description: 'what the replay cannot know about the past and how it stands in for it' }),
  }),
)
