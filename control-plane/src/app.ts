import { readFileSync } from 'node:fs'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { installAuth } from './auth/plugin'
import { PrincipalCache } from './auth/principal-cache'
import { bearer, hashToken } from './auth/tokens'
import type { Config } from './config'
import type { Database } from './db/client'
import { ChangeBus } from './fleet/change-bus'
import { Gateway } from './gateway/gateway'
import { installAudit } from './http/audit'
import { notifyAgentAlert } from './notify/agent-alert'
import { installErrorHandler } from './http/error-handler'
import { withOperationId } from './http/operation-id'
import { responseComponents } from './http/schemas'
import type { App, RouteDeps } from './http/types'
import { agentRoutes } from './routes/v1/agents'
import { auditRoutes } from './routes/v1/audit'
import { deadLetterRoutes } from './routes/v1/dead-letters'
import { enrollmentTokenRoutes } from './routes/v1/enrollment-tokens'
import { hostRoutes } from './routes/v1/hosts'
import { integrationRoutes } from './routes/v1/integration'
import { modelRoutes } from './routes/v1/models'
import { overrideRoutes } from './routes/v1/overrides'
import { remediationRoutes } from './routes/v1/remediation'
import { rulesetRoutes } from './routes/v1/rulesets'
import { settingsRoutes } from './routes/v1/settings'
import { tokenRoutes } from './routes/v1/tokens'
import { whoamiRoutes } from './routes/v1/whoami'
import { installConsole } from './http/console'

export interface AppDeps {
  /** Open and migrated. The app does not close it (whoever opened it does). */
  database: Database
  /** A logger to use instead of building one from the config (tests pass a silent one). */
  logger?: FastifyBaseLogger
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: Gateway
    bus: ChangeBus
  }
}

/** Secrets that must never reach a log line. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  'credential',
  '*.token',
  '*.credential',
  'headers.authorization',
]

/**
 * Builds the control plane (routes, gateway, hooks) without listening: `inject()` tests use it as is;
 * server.ts listens. The gateway attaches to the HTTP server's `upgrade` event when the app is ready.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const https =
    config.tlsCertPath && config.tlsKeyPath ? { https: { cert: readFileSync(config.tlsCertPath), key: readFileSync(config.tlsKeyPath) } } : {}
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' } } }),
    bodyLimit: config.bodyLimitBytes,
    ...https,
    ajv: {
      // Unknown fields are an error that names them, not silently dropped.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App

  const database = deps.database
  const bus = new ChangeBus(database, app.log.child({ component: 'change-bus' }))
  const notifyLog = app.log.child({ component: 'notify' })
  const gateway = new Gateway(database, bus, app.log.child({ component: 'gateway' }), {
    heartbeatIntervalS: config.heartbeatIntervalS,
    maxFrameBytes: config.wsMaxPayloadBytes,
    onAlert: (hostId, alert) => notifyAgentAlert(database.db, notifyLog, hostId, alert),
  })
  app.decorate('gateway', gateway)
  app.decorate('bus', bus)

  installErrorHandler(app)
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per token when there is one (many clients behind one proxy), else per address.
    keyGenerator: (req) => {
      const t = bearer(req.headers.authorization)
      return t ? `t:${hashToken(t).slice(0, 32)}` : `ip:${req.ip}`
    },
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `rate limit of ${ctx.max} requests per ${ctx.after} reached; retry later`,
    }),
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'SmartCloudOps control plane', version: '1.0.0', description: 'Fleet auto-remediation: v1 API' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Named components keep their names in the document (`#/components/schemas/Host`), not def-N.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  for (const c of responseComponents) app.addSchema(c)
  // The docs and the OpenAPI document carry no secrets; a browser cannot send a Bearer header.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, role: 'public' }
    })
    await docs.register(swaggerUi, { routePrefix: '/docs' })
  })
  const principals = new PrincipalCache()
  installAuth(app, database.db, principals)
  installAudit(app, database.db)

  app.get('/api/v1/openapi.json', { config: { role: 'public' }, schema: { hide: true } }, async () => app.swagger())
  app.get('/healthz', { config: { role: 'public' }, schema: { hide: true } }, async () => {
    await database.query('select 1')
    return { status: 'success', data: { ok: true } }
  })

  app.addHook('onRoute', withOperationId)
  const routeDeps: RouteDeps = { config, database, bus, gateway, principals }
  await app.register(
    async (v1) => {
      const api = v1 as unknown as App
      agentRoutes(api, routeDeps)
      remediationRoutes(api, routeDeps)
      integrationRoutes(api, routeDeps)
      overrideRoutes(api, routeDeps)
      hostRoutes(api, routeDeps)
      enrollmentTokenRoutes(api, routeDeps)
      rulesetRoutes(api, routeDeps)
      auditRoutes(api, routeDeps)
      tokenRoutes(api, routeDeps)
      settingsRoutes(api, routeDeps)
      modelRoutes(api, routeDeps)
      deadLetterRoutes(api, routeDeps)
      whoamiRoutes(api)
    },
    { prefix: '/api/v1' },
  )

  await installConsole(app, config.consoleDir)

  app.addHook('onReady', async () => {
    await bus.start()
    await gateway.start(app.server)
  })
  // preClose, not onClose: the HTTP server waits for open connections before onClose runs, and
  // agent sockets stay open until the gateway drops them.
  app.addHook('preClose', async () => {
    await gateway.stop()
  })
  app.addHook('onClose', async () => {
    await bus.stop()
  })
  return app
}
