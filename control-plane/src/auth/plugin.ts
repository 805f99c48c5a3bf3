import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { findApiToken, type ApiPrincipal } from '../db/queries/tokens'
import type { Role } from '../db/schema'
import { ApiError } from '../http/errors'
import { roleAllows } from './roles'
import { PrincipalCache } from './principal-cache'
import { bearer, hashToken } from './tokens'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Routes that declare nothing are admin-only (fail closed). */
    role?: Role | 'public'
  }
  interface FastifyRequest {
    principal?: ApiPrincipal
    /** What a mutating handler changed, for the audit log (never secrets). */
    auditDetail?: Record<string, unknown>
  }
}

/**
 * Bearer API tokens, checked before the body is even read. 401 when the token is missing or
 * unknown, 403 when its role is below what the route declares.
 */
export function installAuth(app: FastifyInstance, db: Db, cache: PrincipalCache): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const need = request.routeOptions.config?.role ?? 'admin'
    if (need === 'public' || !request.routeOptions.url) return
    const token = bearer(request.headers.authorization)
    if (!token) throw new ApiError(401, 'unauthenticated', 'this endpoint needs an API token: send "Authorization: Bearer <token>"')
    const hash = hashToken(token)
    let principal = cache.get(hash)
    if (!principal) {
      principal = await findApiToken(db, token)
      if (principal) cache.set(hash, principal)
    }
    if (!principal) throw new ApiError(401, 'unauthenticated', 'the API token is not valid (unknown or revoked)')
    request.principal = principal
    if (!roleAllows(principal.role, need)) {
      throw new ApiError(403, 'forbidden', `this endpoint needs the ${need} role; the token "${principal.name}" has ${principal.role}`)
    }
  })
}

export function actor(request: FastifyRequest): string {
  return request.principal ? `${request.principal.name} (${request.principal.tokenId})` : 'anonymous'
}
