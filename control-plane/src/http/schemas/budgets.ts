import Type from 'typebox'
import { component, Iso, IsoOrNull, Labels, Nullable, ref } from './component'

export const BudgetHolder = component(
  'BudgetHolder',
  Type.Object({
    lease_id: Type.String(),
    host_id: Type.String(),
    hostname: Type.String(),
    rule: Type.String(),
    action: Type.String(),
    target: Type.String(),
    since: Iso,
    expires_at: Iso,
  }),
)

export const BudgetWaiter = component(
  'BudgetWaiter',
  Type.Object({
    position: Type.Integer({ minimum: 1, description: '1 = granted first when a lease of this budget frees' }),
    host_id: Type.String(),
    hostname: Type.String(),
    rule: Type.String(),
    action: Type.String(),
    target: Type.String(),
    waiting_since: Iso,
    wait_until: Iso,
  }),
)

export const Budget = component(
  'Budget',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    selector: Nullable(Type.String({ description: 'Kubernetes label selector; null = the whole fleet' })),
    max_hosts: Nullable(Type.Integer()),
    max_percent: Nullable(Type.Number()),
    min_healthy_percent: Nullable(Type.Number()),
    group: Type.Object({
      hosts: Type.Integer({ description: 'hosts the selector matches (not decommissioned)' }),
      healthy: Type.Integer({ description: 'of those, online and without a failed verification in the last 15 min' }),
      healthy_percent: Type.Number(),
      allowed_hosts: Type.Integer({ description: 'hosts that may hold a lease at once: max_hosts, or max_percent of hosts rounded up' }),
    }),
    holders: Type.Array(ref(BudgetHolder)),
    hosts_holding: Type.Integer(),
    queue: Type.Array(ref(BudgetWaiter), { description: "requests waiting for this budget (agents that asked to wait, at most 60 s), first come first served" }),
    granted_total: Type.Integer(),
    refused_total: Type.Integer({ description: 'permits this budget refused, waits that ended without a grant included' }),
    last_refused_at: IsoOrNull,
    created_by: Type.String(),
    created_at: Iso,
    updated_by: Type.String(),
    updated_at: Iso,
  }),
)

export const Inhibition = component(
  'Inhibition',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    selector: Nullable(Type.String({ description: 'hosts whose actions are inhibited; null = the whole fleet' })),
    actions: Type.Array(Type.String(), { description: 'empty = every disruptive action' }),
    rules: Type.Array(Type.String(), { description: 'empty = every rule' }),
    condition: Type.Union([
      Type.Object({
        group_unhealthy: Type.Object({
          selector: Type.String(),
          below_percent: Type.Number(),
          hosts: Type.Integer(),
          healthy: Type.Integer(),
          holds: Type.Boolean({ description: 'the condition holds now' }),
        }),
      }),
      Type.Object({ alert_firing: Type.Object({ labels: Labels, holds: Type.Boolean({ description: 'a matching alert is firing now' }) }) }),
    ]),
    refused_total: Type.Integer(),
    last_refused_at: IsoOrNull,
    created_by: Type.String(),
    created_at: Iso,
    updated_by: Type.String(),
    updated_at: Iso,
  }),
)
