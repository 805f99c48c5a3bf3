import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/client'
import { redactQueryCredentials } from '../auth/query-tokens'
import { writeAudit } from '../db/queries/audit'

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Every mutating call is written to the audit log (who, role, when, method, path, outcome, what,
 * from where) before its response leaves, refused attempts included.
 */
export function installAudit(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!mutating.has(request.method) || !request.routeOptions.url) return payload
    try {
      await writeAudit(db, {
        actor: request.principal ? request.principal.name : request.routeOptions.config?.role === 'agent' || request.routeOptions.config?.role === 'enrollment' ? 'agent' : 'anonymous',
        role: request.principal?.role ?? 'none',
        method: request.method,
        path: redactQueryCredentials(request.url),
        statusCode: reply.statusCode,
        detail: { ...(request.principal ? { token_id: request.principal.tokenId } : {}), ...request.auditDetail },
        remoteAddress: request.ip,
      })
    } catch (err) {
      request.log.error({ err }, 'could not write the audit log entry')
    }
    return payload
  })
}
