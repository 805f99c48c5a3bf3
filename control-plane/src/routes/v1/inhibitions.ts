import Type from 'typebox'
import { ActionType } from '@smartcloudops/shared'
import { createInhibition, deleteInhibition, getInhibition, inhibitionByName, listInhibitions, updateInhibition } from '../../db/queries/budgets'
import { inhibitionInput, inhibitionViews } from '../../fleet/permits/views'
import { Inhibition } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { namedResourceRoutes } from './named-resource'
const LabelMap = Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ maxLength: 1024 }), { minProperties: 1, maxProperties: 32 })

export const InhibitionBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    selector: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'hosts whose actions are inhibited (Kubernetes label selector); absent = the whole fleet' })),
    actions: Type.Optional(Type.Array(ActionType, { maxItems: 16, description: 'disruptive action types; absent or empty = all of them' })),
    rules: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100, description: 'rule names; absent or empty = every rule' })),
    /** Exactly one of the two (checked in fleet/permits/views.ts, so the message names the field). */
    condition: Type.Object(
      {
        group_unhealthy: Type.Optional(
          Type.Object({ selector: Type.String({ minLength: 1, maxLength: 2000 }), below_percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }) }, { additionalProperties: false }),
        ),
        alert_firing: Type.Optional(Type.Object({ labels: LabelMap }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

/**
 * Inhibition rules (fleet/permits/README.md): "do not run <actions> on hosts matching <selector>
 * [for <rules>] while <the group is below P% healthy | an alert with these labels fires>".
 * Checked in the permit transaction, so they stop disruptive actions on every replica at once.
 */
export function inhibitionRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  namedResourceRoutes(app, {
    plural: 'inhibitions',
    singular: 'inhibition',
    body: InhibitionBody,
    view: Inhibition,
    summaries: {
      list: 'List inhibition rules',
      get: 'One inhibition rule, with whether its condition holds now',
      create: 'Create an inhibition rule',
      replace: 'Replace an inhibition rule',
      remove: 'Delete an inhibition rule',
    },
    input: inhibitionInput,
    list: () => listInhibitions(db),
    get: (id) => getInhibition(db, id),
    byName: (name) => inhibitionByName(db, name),
    create: (input, by) => createInhibition(db, input, by),
    update: (id, input, by) => updateInhibition(db, id, input, by),
    remove: (id) => deleteInhibition(db, id),
    views: (rows) => inhibitionViews(db, rows),
  })
}
