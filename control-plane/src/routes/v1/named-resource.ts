import Type, { type Static, type TObject } from 'typebox'
import { actor } from '../../auth/plugin'
import { ErrorBody, Success, errorResponses, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { ref } from '../../http/schemas'
import type { Component } from '../../http/schemas/component'
import type { App } from '../../http/types'

const errors = { ...errorResponses, 409: ErrorBody }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })

/**
 * CRUD for a resource with a unique `name` that admins write and viewers read (budgets,
 * inhibitions): list, get, create (409 on a taken name), replace, delete — every write audited
 * with the id and name. The resource gives its body schema, how a body becomes stored input
 * (where checks that need code name their field), its queries and its view.
 */
export interface NamedResource<Body extends TObject, Input extends { name: string }, Row extends { id: string; name: string }, View> {
  /** Path segment and OpenAPI tag: `budgets`. */
  plural: string
  /** For messages and audit keys: `budget`. */
  singular: string
  body: Body
  view: Component
  summaries: { list: string; get: string; create: string; replace: string; remove: string }
  input(body: Static<Body>): Input
  list(): Promise<Row[]>
  get(id: string): Promise<Row | undefined>
  byName(name: string): Promise<Row | undefined>
  create(input: Input, by: string): Promise<Row>
  update(id: string, input: Input, by: string): Promise<Row | undefined>
  remove(id: string): Promise<Row | undefined>
  views(rows: Row[]): Promise<View[]>
}

export function namedResourceRoutes<Body extends TObject, Input extends { name: string }, Row extends { id: string; name: string }, View>(
  app: App,
  r: NamedResource<Body, Input, Row, View>,
): void {
  const base = `/${r.plural}`
  const tags = [r.plural]
  const one = async (row: Row) => (await r.views([row]))[0]!
  const taken = (name: string) => conflict(`${r.singular}_exists`, `name: a ${r.singular} named ${JSON.stringify(name)} already exists`)
  const audit = (row: Row) => ({ [`${r.singular}_id`]: row.id, name: row.name })

  app.get(base, { config: { role: 'viewer' }, schema: { tags, summary: r.summaries.list, response: { 200: Success(Type.Array(ref(r.view))), ...errorResponses } } }, async () =>
    ok(await r.views(await r.list())),
  )
  app.get(`${base}/:id`, { config: { role: 'viewer' }, schema: { tags, summary: r.summaries.get, params: Id, response: { 200: Success(ref(r.view)), ...errorResponses } } }, async (req) => {
    const { id } = req.params as Static<typeof Id>
    const row = await r.get(id)
    if (!row) throw notFound(r.singular, id)
    return ok(await one(row))
  })
  app.post(base, { config: { role: 'admin' }, schema: { tags, summary: r.summaries.create, body: r.body, response: { 201: Success(ref(r.view)), ...errors } } }, async (req, reply) => {
    const input = r.input(req.body as Static<Body>)
    if (await r.byName(input.name)) throw taken(input.name)
    const row = await r.create(input, actor(req))
    req.auditDetail = audit(row)
    return reply.status(201).send(ok(await one(row)))
  })
  app.put(`${base}/:id`, { config: { role: 'admin' }, schema: { tags, summary: r.summaries.replace, params: Id, body: r.body, response: { 200: Success(ref(r.view)), ...errors } } }, async (req) => {
    const { id } = req.params as Static<typeof Id>
    const input = r.input(req.body as Static<Body>)
    const other = await r.byName(input.name)
    if (other && other.id !== id) throw taken(input.name)
    const row = await r.update(id, input, actor(req))
    if (!row) throw notFound(r.singular, id)
    req.auditDetail = audit(row)
    return ok(await one(row))
  })
  app.delete(`${base}/:id`, { config: { role: 'admin' }, schema: { tags, summary: r.summaries.remove, params: Id, response: { 200: Success(ref(r.view)), ...errorResponses } } }, async (req) => {
    const { id } = req.params as Static<typeof Id>
    const row = await r.remove(id)
    if (!row) throw notFound(r.singular, id)
    req.auditDetail = audit(row)
    return ok(await one(row))
  })
}
