import Type from 'typebox'
import { listDeadLetters } from '../../db/queries/dead-letters'
import { Pagination, Success, errorResponses, ok } from '../../http/envelope'
import { DeadLetterList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/**
 * Agent events the control plane could never store (refused for their content, or for touching
 * another host's records). They were acknowledged so they never block an agent; here an operator
 * sees what was lost and why, with the payload as the agent sent it.
 */
export function deadLetterRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/dead-letters',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['hosts'],
        summary: 'Agent events refused for their content (dead letters), newest first',
        querystring: Type.Object(
          {
            host_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(DeadLetterList)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const res = await listDeadLetters(deps.database.db, { hostId: q.host_id, limit: q.limit ?? 100, offset: q.offset ?? 0 })
      return ok({
        dead_letters: res.items.map((d) => ({
          id: d.id,
          host_id: d.hostId,
          event_id: d.eventId,
          type: d.type,
          reason: d.reason,
          detail: d.detail,
          payload: d.payload,
          received_at: d.receivedAt.toISOString(),
        })),
        total: res.total,
      })
    },
  )
}
