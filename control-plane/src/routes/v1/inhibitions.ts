import Type from 'typebox'
import { ActionType } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { createInhibition, deleteInhibition, getInhibition, inhibitionByName, listInhibitions, updateInhibition } from '../../db/queries/budgets'
import { inhibitionInput, inhibitionViews } from '../../fleet/permits/views'
import { ErrorBody, Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { Inhibition, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const errors = { ...errorResponses, 409: ErrorBody }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })
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
  app.get(
    '/inhibitions',
    {
      config: { role: 'viewer' },
      schema: { tags: ['inhibitions'], summary: 'List inhibition rules', response: { 200: Success(Type.Array(ref(Inhibition))), ...errorResponses } },
    },
    async () => ok(await inhibitionViews(db, await listInhibitions(db))),
  )
  app.get(
    '/inhibitions/:id',
    {
      config: { role: 'viewer' },
      schema: { tags: ['inhibitions'], summary: 'One inhibition rule', params: Id, response: { 200: Success(ref(Inhibition)), ...errorResponses } },
    },
    async (req) => {
      const row = await getInhibition(db, req.params.id)
      if (!row) throw notFound('inhibition', req.params.id)
      return ok((await inhibitionViews(db, [row]))[0]!)
    },
  )
  app.post(
    '/inhibitions',
    {
      config: { role: 'admin' },
      schema: { tags: ['inhibitions'], summary: 'Create an inhibition rule', body: InhibitionBody, response: { 201: Success(ref(Inhibition)), ...errors } },
    },
    async (req, reply) => {
      const input = inhibitionInput(req.body)
      if (await inhibitionByName(db, input.name)) throw conflict('inhibition_exists', `name: an inhibition named ${JSON.stringify(input.name)} already exists`)
      const row = await createInhibition(db, input, actor(req))
      req.auditDetail = { inhibition_id: row.id, name: row.name }
      return reply.status(201).send(ok((await inhibitionViews(db, [row]))[0]!))
    },
  )
  app.put(
    '/inhibitions/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['inhibitions'], summary: 'Replace an inhibition rule', params: Id, body: InhibitionBody, response: { 200: Success(ref(Inhibition)), ...errors } },
    },
    async (req) => {
      const input = inhibitionInput(req.body)
      const other = await inhibitionByName(db, input.name)
      if (other && other.id !== req.params.id) throw conflict('inhibition_exists', `name: an inhibition named ${JSON.stringify(input.name)} already exists`)
      const row = await updateInhibition(db, req.params.id, input, actor(req))
      if (!row) throw notFound('inhibition', req.params.id)
      req.auditDetail = { inhibition_id: row.id, name: row.name }
      return ok((await inhibitionViews(db, [row]))[0]!)
    },
  )
  app.delete(
    '/inhibitions/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['inhibitions'], summary: 'Delete an inhibition rule', params: Id, response: { 200: Success(ref(Inhibition)), ...errorResponses } },
    },
    async (req) => {
      const row = await deleteInhibition(db, req.params.id)
      if (!row) throw notFound('inhibition', req.params.id)
      req.auditDetail = { inhibition_id: row.id, name: row.name }
      return ok((await inhibitionViews(db, [row]))[0]!)
    },
  )
}
