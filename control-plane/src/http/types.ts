import type { FailureLimiter } from '../auth/failure-limiter'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { PrincipalCache } from '../auth/principal-cache'
import type { Config } from '../config'
import type { Database } from '../db/client'
import type { ChangeBus } from '../fleet/change-bus'
import type { Gateway } from '../gateway/gateway'

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

/** What route modules get: no module-level state, everything passed in. */
export interface RouteDeps {
  config: Config
  database: Database
  bus: ChangeBus
  gateway: Gateway
  principals: PrincipalCache
  authLimiter: FailureLimiter
}
