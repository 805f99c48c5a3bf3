import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { findApiToken, type ApiPrincipal } from '../db/queries/tokens'
import type { Role } from '../db/schema'
import { ApiError } from '../http/errors'
import type { FailureLimiter } from './failure-limiter'
import { PrincipalCache } from './principal-cache'
import { credentialInQuery } from './query-tokens'
import { roleAllows } from './roles'
import { bearer, hashToken } from './tokens'

export type RouteRole = Role | 'public' | 'agent' | 'enrollment' | 'intake'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route. Routes that declare nothing are admin-only (fail closed). `agent`
     * (agent credential) and `enrollment` (enrollment token in the body) routes check their own
     * credential; `public` needs none.
     */
    role?: RouteRole
  }
  interface FastifyRequest {
    principal?: ApiPrincipal
    /** What a mutating handler changed, for the audit log (never secrets). */
    auditDetail?: Record<string, unknown>
  }
}

/**
 * Before a credential lookup: 429 for an address that failed too often (no lookup, and the caller
 * learns when to retry). The WebSocket upgrade can call it the same way.
 */
export function checkAuthBudget(limiter: FailureLimiter, address: string): void {
  const wait = limiter.retryAfterS(address)
  if (wait === 0) return
  limiter.counters.limited_total++
  throw new ApiError(429, 'auth_rate_limited', `too many failed authentications from this address; retry in ${wait} s`)
}

/**
 * Bearer API tokens, checked before the body is even read. 401 when the token is missing or
 * unknown, 403 when its role is below what the route declares. Failed attempts are counted per
 * address: past the budget, 429 before any database lookup (a known token from the cache still
 * passes). A credential in the query string is refused on every route, public ones included.
 */
export function installAuth(app: FastifyInstance, db: Db, cache: PrincipalCache, limiter: FailureLimiter): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const inQuery = credentialInQuery(request.url)
    if (inQuery) {
      throw new ApiError(400, 'credential_in_query', `query parameter "${inQuery}" carries a credential; send it as "Authorization: Bearer <token>" (URLs end up in logs)`)
    }
    const need = request.routeOptions.config?.role ?? 'admin'
    if (need === 'public' || need === 'agent' || need === 'enrollment' || need === 'intake' || !request.routeOptions.url) return
    const token = bearer(request.headers.authorization)
    const hash = token ? hashToken(token) : undefined
    let principal = hash ? cache.get(hash) : undefined
    if (!principal) {
      checkAuthBudget(limiter, request.ip)
      if (!token || !hash) {
        limiter.fail(request.ip)
        throw new ApiError(401, 'unauthenticated', 'this endpoint needs an API token: send "Authorization: Bearer <token>"')
      }
      limiter.counters.lookups_total++
      principal = await findApiToken(db, token)
      if (!principal) {
        limiter.fail(request.ip)
        throw new ApiError(401, 'unauthenticated', 'the API token is not valid (unknown or revoked)')
      }
      cache.set(hash, principal)
    }
    request.principal = principal
    if (!roleAllows(principal.role, need)) {
      throw new ApiError(403, 'forbidden', `this endpoint needs the ${need} role; the token "${principal.name}" has ${principal.role}`)
    }
  })
}

export function actor(request: FastifyRequest): string {
  return request.principal ? `${request.principal.name} (${request.principal.tokenId})` : 'anonymous'
}
