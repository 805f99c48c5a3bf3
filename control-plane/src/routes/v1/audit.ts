import Type from 'typebox'
import { listAudit } from '../../db/queries/audit'
import { Pagination, Success, errorResponses, ok } from '../../http/envelope'
import { AuditList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

export function auditRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log of mutating calls, newest first',
        querystring: Type.Object(
          {
            actor: Type.Optional(Type.String({ maxLength: 200 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(AuditList)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const res = await listAudit(deps.database.db, {
        actor: q.actor,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      })
      return ok({
        entries: res.items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actor: e.actor,
          role: e.role,
          method: e.method,
          path: e.path,
          status_code: e.statusCode,
          detail: e.detail,
          remote_address: e.remoteAddress,
        })),
        total: res.total,
      })
    },
  )
}
