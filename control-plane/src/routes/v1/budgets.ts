import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { budgetByName, createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from '../../db/queries/budgets'
import { budgetInput, budgetViews } from '../../fleet/permits/views'
import { ErrorBody, Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { Budget, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const errors = { ...errorResponses, 409: ErrorBody }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })

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
  app.get(
    '/budgets',
    {
      config: { role: 'viewer' },
      schema: { tags: ['budgets'], summary: 'List budgets with their holders and refusal counts', response: { 200: Success(Type.Array(ref(Budget))), ...errorResponses } },
    },
    async () => ok(await budgetViews(db, await listBudgets(db))),
  )
  app.get(
    '/budgets/:id',
    {
      config: { role: 'viewer' },
      schema: { tags: ['budgets'], summary: 'One budget: holders (host, rule, action, since, expires) and counts', params: Id, response: { 200: Success(ref(Budget)), ...errorResponses } },
    },
    async (req) => {
      const row = await getBudget(db, req.params.id)
      if (!row) throw notFound('budget', req.params.id)
      return ok((await budgetViews(db, [row]))[0]!)
    },
  )
  app.post(
    '/budgets',
    {
      config: { role: 'admin' },
      schema: { tags: ['budgets'], summary: 'Create a budget', body: BudgetBody, response: { 201: Success(ref(Budget)), ...errors } },
    },
    async (req, reply) => {
      const input = budgetInput(req.body)
      if (await budgetByName(db, input.name)) throw conflict('budget_exists', `name: a budget named ${JSON.stringify(input.name)} already exists`)
      const row = await createBudget(db, input, actor(req))
      req.auditDetail = { budget_id: row.id, name: row.name }
      return reply.status(201).send(ok((await budgetViews(db, [row]))[0]!))
    },
  )
  app.put(
    '/budgets/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['budgets'], summary: 'Replace a budget (applies to the next permit; leases held stay until released)', params: Id, body: BudgetBody, response: { 200: Success(ref(Budget)), ...errors } },
    },
    async (req) => {
      const input = budgetInput(req.body)
      const other = await budgetByName(db, input.name)
      if (other && other.id !== req.params.id) throw conflict('budget_exists', `name: a budget named ${JSON.stringify(input.name)} already exists`)
      const row = await updateBudget(db, req.params.id, input, actor(req))
      if (!row) throw notFound('budget', req.params.id)
      req.auditDetail = { budget_id: row.id, name: row.name }
      return ok((await budgetViews(db, [row]))[0]!)
    },
  )
  app.delete(
    '/budgets/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['budgets'], summary: 'Delete a budget', params: Id, response: { 200: Success(ref(Budget)), ...errorResponses } },
    },
    async (req) => {
      const row = await deleteBudget(db, req.params.id)
      if (!row) throw notFound('budget', req.params.id)
      req.auditDetail = { budget_id: row.id, name: row.name }
      return ok((await budgetViews(db, [row]))[0]!)
    },
  )
}
