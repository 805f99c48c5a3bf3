import Type from 'typebox'
import { budgetByName, createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from '../../db/queries/budgets'
import { advancePermitQueue } from '../../db/queries/permits'
import { budgetInput, budgetViews } from '../../fleet/permits/views'
import { Budget } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { namedResourceRoutes } from './named-resource'

/** Name, scope and limits; exactly one of max_hosts / max_percent (checked in fleet/permits/views.ts). */
export const BudgetBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    selector: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Kubernetes label selector (env=prod,role in (web,api)); absent = the whole fleet' })),
    max_hosts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    max_percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    min_healthy_percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
)

/**
 * Remediation budgets (fleet/permits/README.md): at most N hosts or X% of a group in a disruptive
 * action at once, optionally only while ≥ M% of the group is healthy. Admins write, viewers read;
 * a change applies to the next permit asked, on every replica (budgets are read in the permit transaction).
 */
export function budgetRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const afterChange = async <T>(row: T): Promise<T> => {
    if (!row) return row
    try {
      await deps.gateway.permitQueue.deliver(await advancePermitQueue(db))
    } catch (err) {
      // The change is stored; the queue takes its turn at its next deadline instead.
      app.log.error({ err }, 'the budget queue could not take its turn after a budget change')
    }
    return row
  }
  namedResourceRoutes(app, {
    plural: 'budgets',
    singular: 'budget',
    body: BudgetBody,
    view: Budget,
    summaries: {
      list: 'List budgets with their holders and refusal counts',
      get: 'One budget: holders (host, rule, action, since, expires) and counts',
      create: 'Create a budget',
      replace: 'Replace a budget (applies to the next permit; leases held stay until released)',
      remove: 'Delete a budget',
    },
    input: budgetInput,
    list: () => listBudgets(db),
    get: (id) => getBudget(db, id),
    byName: (name) => budgetByName(db, name),
    create: (input, by) => createBudget(db, input, by),
    // A raised limit (or a deleted budget) may free room for the queue: it takes its turn at once.
    update: async (id, input, by) => afterChange(await updateBudget(db, id, input, by)),
    remove: async (id) => afterChange(await deleteBudget(db, id)),
    views: (rows) => budgetViews(db, rows),
  })
}
