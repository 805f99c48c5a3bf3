import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Type, { type Static } from 'typebox'
import { releasePublicKey } from '@smartcloudops/shared/release/signature'
import { Value } from 'typebox/value'

/**
 * The control plane's whole configuration. This is the only module that reads `process.env`;
 * everything else receives a `Config`. Validation happens once, at start-up, and names the bad key.
 */
export const Config = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65_535 }),
    /** postgres://… — when absent the embedded PGlite database in `dataDir` is used. */
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    dataDir: Type.String({ minLength: 1 }),
    /** An admin token to accept (and store hashed) instead of generating one on first start. */
    adminToken: Type.Optional(Type.String({ minLength: 24, maxLength: 256 })),
    tlsCertPath: Type.Optional(Type.String({ minLength: 1 })),
    tlsKeyPath: Type.Optional(Type.String({ minLength: 1 })),
    /** How long metric samples are kept. */
    retentionDays: Type.Number({ minimum: 0.001, maximum: 3650 }),
    logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')]),
    /**
     * Heartbeat period: sent to agents in `welcome.heartbeat_interval_s` (to those whose hello
     * accepts it; older agents keep their own), and the liveness sweep's period. A host is stale
     * after 3 silent intervals, dropped after 10; one no replica confirmed for 5 is offline.
     * Replicas on one database must share it.
     */
    heartbeatIntervalS: Type.Number({ minimum: 1, maximum: 3600 }),
    /** API requests per minute per client (token or address). */
    rateLimitPerMinute: Type.Integer({ minimum: 1 }),
    /** Failed authentications (missing, unknown or revoked credential) per minute per address, before 429s that cost no lookup. */
    authFailuresPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** Largest HTTP body accepted. */
    bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
    /** Largest WebSocket frame accepted from an agent. */
    wsMaxPayloadBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
    /** Largest model upload (POST /models); the protocol's model reference allows up to 64 MiB. */
    modelMaxBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 }),
    /** How often each replica looks at the active staged rollouts (gate checks, promotions). */
    rolloutTickS: Type.Number({ minimum: 0.1, maximum: 3600 }),
    /** Largest agent release upload (POST /agent-releases); the protocol allows up to 256 MiB. */
    releaseMaxBytes: Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024 }),
    /** PEM file of the ed25519 public key releases must be signed with; unset = signatures optional. */
    releasePublicKeyFile: Type.Optional(Type.String({ minLength: 1 })),
    /**
     * The TCP accept queue (listen backlog; the kernel caps it at net.core.somaxconn). Node's 511
     * overflows when a whole fleet reconnects after a restart: dropped handshakes come back only
     * after SYN retransmits (1 s, 3 s, 7 s, …).
     */
    listenBacklog: Type.Integer({ minimum: 1, maximum: 65_535 }),
    /** Agent connections between upgrade and welcome at once; more get 503 + Retry-After (gateway/admission.ts). */
    maxConnectingAgents: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** The web console's built files (index.html, app.js), served at `/`. */
    consoleDir: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)
export type Config = Static<typeof Config>

export class ConfigError extends Error {
  readonly code = 'config_invalid'
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`invalid configuration ${key}: ${message}`)
  }
}

/** Environment variable → config key, for error messages that name what the operator typed. */
const envNames: Record<keyof Config, string> = {
  host: 'SCOPS_HOST',
  port: 'SCOPS_PORT',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'SCOPS_DATA_DIR',
  adminToken: 'SCOPS_ADMIN_TOKEN',
  tlsCertPath: 'SCOPS_TLS_CERT',
  tlsKeyPath: 'SCOPS_TLS_KEY',
  retentionDays: 'SCOPS_RETENTION_DAYS',
  logLevel: 'SCOPS_LOG_LEVEL',
  heartbeatIntervalS: 'SCOPS_HEARTBEAT_INTERVAL_S',
  rateLimitPerMinute: 'SCOPS_RATE_LIMIT_PER_MINUTE',
  authFailuresPerMinute: 'SCOPS_AUTH_FAILURES_PER_MINUTE',
  bodyLimitBytes: 'SCOPS_BODY_LIMIT_BYTES',
  wsMaxPayloadBytes: 'SCOPS_WS_MAX_PAYLOAD_BYTES',
  modelMaxBytes: 'SCOPS_MODEL_MAX_BYTES',
  releaseMaxBytes: 'SCOPS_RELEASE_MAX_BYTES',
  releasePublicKeyFile: 'SCOPS_RELEASE_PUBLIC_KEY_FILE',
  consoleDir: 'SCOPS_CONSOLE_DIR',
  rolloutTickS: 'SCOPS_ROLLOUT_TICK_S',
  listenBacklog: 'SCOPS_LISTEN_BACKLOG',
  maxConnectingAgents: 'SCOPS_MAX_CONNECTING_AGENTS',
}

export const configDefaults = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './.data/control-plane',
  retentionDays: 14,
  logLevel: 'info' as const,
  heartbeatIntervalS: 10,
  rateLimitPerMinute: 6000,
  authFailuresPerMinute: 60,
  bodyLimitBytes: 1024 * 1024,
  wsMaxPayloadBytes: 4 * 1024 * 1024,
  modelMaxBytes: 16 * 1024 * 1024,
  rolloutTickS: 10,
  releaseMaxBytes: 128 * 1024 * 1024,
  listenBacklog: 4096,
  maxConnectingAgents: 512,
} satisfies Partial<Config>

const numericKeys = new Set<keyof Config>([
  'port',
  'retentionDays',
  'heartbeatIntervalS',
  'rateLimitPerMinute',
  'authFailuresPerMinute',
  'bodyLimitBytes',
  'wsMaxPayloadBytes',
  'modelMaxBytes',
  'rolloutTickS',
  'releaseMaxBytes',
  'listenBacklog',
  'maxConnectingAgents',
])

/** Builds and validates a config from an environment (default: the process's) plus overrides. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = { ...configDefaults }
  for (const [key, name] of Object.entries(envNames) as [keyof Config, string][]) {
    const v = env[name]
    if (v === undefined || v === '') continue
    if (numericKeys.has(key)) {
      const n = Number(v)
      if (!Number.isFinite(n)) throw new ConfigError(name, `expected a number, got ${JSON.stringify(v)}`)
      raw[key] = n
    } else {
      raw[key] = v
    }
  }
  Object.assign(raw, overrides)
  return validateConfig(raw)
}

export function validateConfig(raw: Record<string, unknown>): Config {
  const first = Value.Errors(Config, raw)[0]
  if (first) {
    const key = first.instancePath.split('/')[1] ?? (first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '?'
    const name = envNames[key as keyof Config] ?? key
    throw new ConfigError(name, first.message)
  }
  const config = raw as Config
  if ((config.tlsCertPath === undefined) !== (config.tlsKeyPath === undefined)) {
    throw new ConfigError(config.tlsCertPath ? envNames.tlsKeyPath : envNames.tlsCertPath, 'TLS needs both a certificate and a key')
  }
  releasePublicKeyOf(config)
  return config
}

/** The release signing key (checked at start by validateConfig); null when none is configured. */
export function releasePublicKeyOf(config: Config): KeyObject | null {
  if (!config.releasePublicKeyFile) return null
  try {
    return releasePublicKey(readFileSync(config.releasePublicKeyFile, 'utf8'))
  } catch (err) {
    throw new ConfigError(envNames.releasePublicKeyFile, `${config.releasePublicKeyFile}: ${(err as Error).message}`)
  }
}
