import { readFileSync } from 'node:fs'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { FailureLimiter } from './auth/failure-limiter'
import { installAuth, type RouteRole } from './auth/plugin'
import { PrincipalCache } from './auth/principal-cache'
import { redactQueryCredentials } from './auth/query-tokens'
import { bearer, hashToken } from './auth/tokens'
import type { Config } from './config'
import type { Database } from './db/client'
import { ChangeBus } from './fleet/change-bus'
import { Gateway } from './gateway/gateway'
import { apiKeywords } from './http/ajv-keywords'
import { lazySerializers } from './http/lazy-serializers'
import { installAudit } from './http/audit'
import { installErrorHandler } from './http/error-handler'
import { installInputGuard } from './http/input-guard'
import { installMetrics } from './metrics/plugin'
import { ControlPlaneMetrics } from './metrics/registry'
import { withOperationId } from './http/operation-id'
import { responseComponents } from './http/schemas'
import type { App, RouteDeps } from './http/types'
import { DeliveryWorker, type DeliveryWorkerOptions } from './notify/delivery-worker'
import { agentRoutes } from './routes/v1/agents'
import { activityRoutes } from './routes/v1/activity'
import { alertRoutes } from './routes/v1/alerts'
import { alertmanagerRoutes } from './routes/v1/alertmanager'
import { externalAlertRoutes } from './routes/v1/external-alerts'
import { AlertInputsPusher } from './alertmanager/pusher'
import { notifierRoutes } from './routes/v1/notifiers'
import { auditRoutes } from './routes/v1/audit'
import { budgetRoutes } from './routes/v1/budgets'
import { deadLetterRoutes } from './routes/v1/dead-letters'
import { enrollmentTokenRoutes } from './routes/v1/enrollment-tokens'
import { hostLabelRoutes } from './routes/v1/host-labels'
import { hostRoutes } from './routes/v1/hosts'
import { inhibitionRoutes } from './routes/v1/inhibitions'
import { integrationRoutes } from './routes/v1/integration'
import { modelRoutes } from './routes/v1/models'
import { agentReleaseRoutes } from './routes/v1/agent-releases'
import { overrideRoutes } from './routes/v1/overrides'
import { remediationRoutes } from './routes/v1/remediation'
import { ruleRoutes } from './routes/v1/rules'
import { ruleHealthRoutes } from './routes/v1/rule-health'
import { RuleAutoPauser } from './fleet/rule-health'
import { rulesetRoutes } from './routes/v1/rulesets'
import { rulesetReplayRoutes } from './routes/v1/ruleset-replay'
import { settingsRoutes } from './routes/v1/settings'
import { tokenRoutes } from './routes/v1/tokens'
import { whoamiRoutes } from './routes/v1/whoami'
import { installConsole } from './http/console'
import { RolloutDriver, type RolloutDriverOptions } from './fleet/rollouts/driver'
import { rolloutRoutes } from './routes/v1/rollouts'

export interface AppDeps {
  /** Open and migrated. The app does not close it (whoever opened it does). */
  database: Database
  /** A logger to use instead of building one from the config (tests pass a silent one). */
  logger?: FastifyBaseLogger
  /** Delivery worker timing (tests use a fake clock and short polls). */
  delivery?: DeliveryWorkerOptions
  /** Rollout loop clock (tests use a fake one and call `rollouts.tick()`; `tickMs: 0` = no timer). */
  rollouts?: Pick<RolloutDriverOptions, 'now' | 'tickMs'>
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: Gateway
    bus: ChangeBus
    /** Failed-authentication budget and its counters (lookups, failures, 429s without lookup). */
    authLimiter: FailureLimiter
    /** Every route as registered, with the role it declares (the route × role test walks it). */
    routeTable: RegisteredRoute[]
    metrics: ControlPlaneMetrics
    deliveries: DeliveryWorker
    rollouts: RolloutDriver
    /** Alertmanager alerts to agents; tests call `sweep()` for expiries instead of waiting for its timer. */
    alertInputs: AlertInputsPusher
  }
}

export interface RegisteredRoute {
  method: string
  url: string
  /** As the auth hook reads it: undeclared means admin. */
  role: RouteRole
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

/** Request log lines carry the URL with any credential in its query string redacted. */
export const logSerializers = {
  req(req: { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
    return { method: req.method, url: req.url === undefined ? undefined : redactQueryCredentials(req.url), host: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
  },
}

/**
 * Builds the control plane (routes, gateway, hooks) without listening: `inject()` tests use it as is;
 * server.ts listens. The gateway attaches to the HTTP server's `upgrade` event when the app is ready.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const https =
    config.tlsCertPath && config.tlsKeyPath ? { https: { cert: readFileSync(config.tlsCertPath), key: readFileSync(config.tlsKeyPath) } } : {}
  const app = Fastify({
    // A given logger gets the same serializers and redaction as the built one.
    ...(deps.logger
      ? { loggerInstance: deps.logger.child({}, { serializers: logSerializers, redact: { paths: redactPaths, censor: '[redacted]' } }) }
      : { logger: { level: config.logLevel, serializers: logSerializers, redact: { paths: redactPaths, censor: '[redacted]' } } }),
    bodyLimit: config.bodyLimitBytes,
    // Startup (LISTEN on the database, the liveness sweep) runs in plugins and onReady. Fastify's
    // 10 s default failed a start on a loaded 2-core CI machine; a start that truly hangs is the
    // service manager's to time out (the unit's TimeoutStartSec), not a reason to exit in 10 s.
    pluginTimeout: 120_000,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
    ...https,
    ajv: {
      // Unknown fields are an error that names them, not silently dropped.
      // verbose: errors carry their schema, so a message can list the allowed values or forms.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, verbose: true },
      plugins: [apiKeywords],
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App

  const database = deps.database
  const bus = new ChangeBus(database, app.log.child({ component: 'change-bus' }))
  // One failed-authentication budget per address for the API and the agents' WebSocket upgrade.
  const authLimiter = new FailureLimiter({ perAddressPerMinute: config.authFailuresPerMinute })
  const gateway = new Gateway(database, bus, app.log.child({ component: 'gateway' }), {
    heartbeatIntervalS: config.heartbeatIntervalS,
    authLimiter,
    maxConnectingAgents: config.maxConnectingAgents,
    maxFrameBytes: config.wsMaxPayloadBytes,
    // New alerts and cleared verifications (which resolve alerts) are in the database: deliver now.
    onAlert: () => deliveries.kick(),
    onMessage: (hostId, m) => {
      metrics.onMessage(hostId, m)
      alertInputs.onMessage(hostId, m)
    },
    onStored: (m, hostId) => {
      metrics.onStored(m)
      if (m.type !== 'action.verified') return
      deliveries.kick()
      autoPause.onVerified(hostId, m.payload).catch((err) => app.log.error({ err, rule: m.payload.rule }, 'rule auto-pause check failed'))
    },
  })
  const metrics = new ControlPlaneMetrics(database, gateway)
  const autoPause = new RuleAutoPauser(database.db, bus, app.log.child({ component: 'rule-health' }), () => deliveries.kick())
  const alertInputs = new AlertInputsPusher(database, gateway, bus, app.log.child({ component: 'alert-inputs' }))
  const deliveries = new DeliveryWorker(database, app.log.child({ component: 'notify' }), {
    ...deps.delivery,
    onAttempt: (kind, status) => metrics.deliveries.inc({ kind, status }),
  })
  app.decorate('gateway', gateway)
  app.decorate('alertInputs', alertInputs)
  app.decorate('metrics', metrics)
  app.decorate('deliveries', deliveries)
  const rollouts = new RolloutDriver(database.db, bus, app.log.child({ component: 'rollouts' }), {
    tickMs: config.rolloutTickS * 1000,
    ...deps.rollouts,
    onAlert: () => deliveries.kick(),
  })
  app.decorate('rollouts', rollouts)
  app.decorate('bus', bus)
  app.decorate('authLimiter', authLimiter)

  installErrorHandler(app)
  const routeTable: RegisteredRoute[] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routeTable.push({ method, url: r.url, role: r.config?.role ?? 'admin' })
  })
  const principals = new PrincipalCache()
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per token when it is a known one (many clients behind one proxy), else per address: made-up
    // tokens must not each get a budget of their own.
    keyGenerator: (req) => {
      const t = bearer(req.headers.authorization)
      const hash = t ? hashToken(t) : undefined
      return hash && principals.get(hash) ? `t:${hash.slice(0, 32)}` : `ip:${req.ip}`
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
  installAuth(app, database.db, principals, authLimiter)
  installAudit(app, database.db)
  installInputGuard(app)
  installMetrics(app, metrics)

  app.get('/api/v1/openapi.json', { config: { role: 'public' }, schema: { hide: true } }, async () => app.swagger())
  app.get('/healthz', { config: { role: 'public' }, schema: { hide: true } }, async () => {
    await database.query('select 1')
    return { status: 'success', data: { ok: true } }
  })

  app.addHook('onRoute', withOperationId)
  const routeDeps: RouteDeps = { config, database, bus, gateway, principals, authLimiter }
  await app.register(
    async (v1) => {
      const api = v1 as unknown as App
      agentRoutes(api, routeDeps)
      remediationRoutes(api, routeDeps)
      ruleRoutes(api, routeDeps)
      ruleHealthRoutes(api, routeDeps)
      integrationRoutes(api, routeDeps)
      overrideRoutes(api, routeDeps)
      hostRoutes(api, routeDeps)
      hostLabelRoutes(api, routeDeps)
      enrollmentTokenRoutes(api, routeDeps)
      rulesetRoutes(api, routeDeps)
      rulesetReplayRoutes(api, routeDeps)
      auditRoutes(api, routeDeps)
      tokenRoutes(api, routeDeps)
      settingsRoutes(api, routeDeps)
      modelRoutes(api, routeDeps)
      agentReleaseRoutes(api, routeDeps)
      deadLetterRoutes(api, routeDeps)
      alertRoutes(api, routeDeps)
      activityRoutes(api, routeDeps)
      notifierRoutes(api, routeDeps)
      budgetRoutes(api, routeDeps)
      inhibitionRoutes(api, routeDeps)
      alertmanagerRoutes(api, routeDeps)
      externalAlertRoutes(api, routeDeps)
      rolloutRoutes(api, routeDeps)
      whoamiRoutes(api)
    },
    { prefix: '/api/v1' },
  )

  await installConsole(app, config.consoleDir)

  app.addHook('onReady', async () => {
    await bus.start()
    await gateway.start(app.server)
    deliveries.start()
    alertInputs.start()
    if (deps.rollouts?.tickMs !== 0) rollouts.start()
  })
  // preClose, not onClose: the HTTP server waits for open connections before onClose runs, and
  // agent sockets stay open until the gateway drops them.
  app.addHook('preClose', async () => {
    await gateway.stop()
    await deliveries.stop()
    await rollouts.stop()
    await alertInputs.stop()
  })
  app.addHook('onClose', async () => {
    await bus.stop()
  })
  return app
}
