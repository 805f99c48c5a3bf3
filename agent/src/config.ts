import { existsSync, readFileSync } from 'node:fs'
import { hostname as osHostname } from 'node:os'
import { parseArgs } from 'node:util'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { parse as parseYaml } from 'yaml'
import { Duration, LabelSelector, toSeconds } from '@smartcloudops/shared'
import { DEFAULT_STALL_TIMEOUT_MS } from './loop/stall-watchdog'

/**
 * The agent's configuration: the ONLY module that reads process.env, flags or config files.
 *
 * One YAML file (default /etc/smartcloudops/agent.yaml) holds both the agent's settings and, under
 * `policy:`, the host's local policy — one file for an operator to review, root-owned 0600 because
 * it holds the enrollment token. `policy_file:` may point at a separate policy file instead (for
 * hosts where the policy is managed by another tool); giving both is an error. With neither, the
 * safe default policy applies (send_alert only).
 *
 * Precedence: flags > environment (SCOPS_*) > file > defaults.
 *
 * `interval` and `buffer_size` are pins: when set locally they win over the control plane's
 * runtime config (the host operator has the last word, as with local policy); when unset the
 * control plane's desired state decides, and the defaults (30 s, 10) apply until one arrives.
 */

export const DEFAULT_CONFIG_PATH = '/etc/smartcloudops/agent.yaml'
export const DEFAULT_STATE_DIR = '/var/lib/smartcloudops'
export const DEFAULT_INTERVAL_S = 30
export const DEFAULT_BUFFER_SIZE = 10
/** Replicas an agent can be given: more is a configuration mistake, not a deployment. */
export const MAX_CONTROL_PLANE_URLS = 16

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The file's shape (and of env/flags after mapping); snake_case like every YAML in the product. */
export const AgentConfigFile = Type.Object(
  {
    /** One URL, or the replicas' URLs separated by commas (at most MAX_CONTROL_PLANE_URLS; link/endpoints.ts). */
    control_plane_url: Type.String({ pattern: '^\\s*https?://[^\\s,]+(\\s*,\\s*https?://[^\\s,]+)*\\s*$', maxLength: 4000 }),
    enrollment_token: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    state_dir: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    hostname: Type.Optional(Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' })),
    labels: Type.Optional(LabelSelector),
    interval: Type.Optional(Duration),
    buffer_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    docker_socket: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    policy: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    policy_file: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    log_level: Type.Optional(Type.Union(logLevels.map((l) => Type.Literal(l)))),
    /** `host:port` for the agent's Prometheus /metrics; absent = off. */
    metrics_listen: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
    /**
     * Where the host's /proc is mounted is `<host_root>/proc` (node_exporter's --path.procfs,
     * gopsutil's HOST_PROC): `/host` in a container with the host's /proc at /host/proc.
     */
    host_root: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '^/' })),
    /** The release layout install.sh made (<dir>/releases/<v>, <dir>/current); set by scops-agent-launch. Unset = no upgrades. */
    install_dir: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '^/' })),
    /** PEM file of the ed25519 key releases must be signed with; set = unsigned or badly signed releases are refused. */
    upgrade_public_key: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    /** How long a new version has to connect to the control plane before it is rolled back (default 120 s). */
    upgrade_confirm_timeout: Type.Optional(Duration),
    /** A monitoring cycle still running after this long is stuck: the agent exits (70) to be restarted (default 120 s). */
    stall_timeout: Type.Optional(Duration),
  },
  { additionalProperties: false },
)
export type AgentConfigFile = Static<typeof AgentConfigFile>
const checkFile = Compile(AgentConfigFile)

export type PolicySource =
  | { kind: 'default' }
  | { kind: 'inline'; value: Record<string, unknown>; source: string }
  | { kind: 'file'; path: string }

export interface AgentConfig {
  configPath: string | null
  /** The first of `controlPlaneUrls` (what a single-replica setup has). */
  controlPlaneUrl: string
  /** Every control-plane replica, in the order given, without trailing slashes (at least one). */
  controlPlaneUrls: string[]
  enrollmentToken: string | null
  stateDir: string
  hostname: string
  labels: Record<string, string>
  /** Local pins; null = follow the control plane (see the header comment). */
  intervalS: number | null
  bufferSize: number | null
  dockerSocket: string
  policy: PolicySource
  logLevel: (typeof logLevels)[number]
  /** Where /metrics listens; null = not served (the default). */
  metricsListen: { host: string; port: number } | null
  /** The host's proc filesystem; null = this process's own /proc (host_root unset or `/`). */
  hostProc: string | null
  /** Remote upgrades (agent/src/upgrade): where releases are installed, the signing key (PEM text), the bound. */
  upgrade: { installDir: string | null; publicKeyPem: string | null; confirmTimeoutS: number }
  /** A cycle running longer than this is stuck (agent/src/loop/stall-watchdog.ts). */
  stallTimeoutS: number
}

export class ConfigError extends Error {
  readonly code = 'config_invalid'
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${message}`, options)
  }
}

const flagSpec = {
  config: { type: 'string' },
  'control-plane': { type: 'string' },
  'enrollment-token': { type: 'string' },
  'state-dir': { type: 'string' },
  hostname: { type: 'string' },
  label: { type: 'string', multiple: true },
  interval: { type: 'string' },
  'buffer-size': { type: 'string' },
  'docker-socket': { type: 'string' },
  'policy-file': { type: 'string' },
  'log-level': { type: 'string' },
  'metrics-listen': { type: 'string' },
  'host-root': { type: 'string' },
  'install-dir': { type: 'string' },
  'upgrade-public-key': { type: 'string' },
  'stall-timeout': { type: 'string' },
} as const

/** Flag / env name → file key, so every error names the key as the user wrote it. */
const sources: Array<{ key: keyof AgentConfigFile; flag?: keyof typeof flagSpec; env: string; kind: 'string' | 'number' | 'labels' | 'duration' }> = [
  { key: 'control_plane_url', flag: 'control-plane', env: 'SCOPS_CONTROL_PLANE_URL', kind: 'string' },
  { key: 'enrollment_token', flag: 'enrollment-token', env: 'SCOPS_ENROLLMENT_TOKEN', kind: 'string' },
  { key: 'state_dir', flag: 'state-dir', env: 'SCOPS_STATE_DIR', kind: 'string' },
  { key: 'hostname', flag: 'hostname', env: 'SCOPS_HOSTNAME', kind: 'string' },
  { key: 'labels', flag: 'label', env: 'SCOPS_LABELS', kind: 'labels' },
  { key: 'interval', flag: 'interval', env: 'SCOPS_INTERVAL', kind: 'duration' },
  { key: 'buffer_size', flag: 'buffer-size', env: 'SCOPS_BUFFER_SIZE', kind: 'number' },
  { key: 'docker_socket', flag: 'docker-socket', env: 'SCOPS_DOCKER_SOCKET', kind: 'string' },
  { key: 'policy_file', flag: 'policy-file', env: 'SCOPS_POLICY_FILE', kind: 'string' },
  { key: 'log_level', flag: 'log-level', env: 'SCOPS_LOG_LEVEL', kind: 'string' },
  { key: 'metrics_listen', flag: 'metrics-listen', env: 'SCOPS_METRICS_LISTEN', kind: 'string' },
  { key: 'host_root', flag: 'host-root', env: 'SCOPS_HOST_ROOT', kind: 'string' },
  { key: 'install_dir', flag: 'install-dir', env: 'SCOPS_INSTALL_DIR', kind: 'string' },
  { key: 'upgrade_public_key', flag: 'upgrade-public-key', env: 'SCOPS_UPGRADE_PUBLIC_KEY', kind: 'string' },
  { key: 'upgrade_confirm_timeout', env: 'SCOPS_UPGRADE_CONFIRM_TIMEOUT', kind: 'duration' },
  { key: 'stall_timeout', flag: 'stall-timeout', env: 'SCOPS_STALL_TIMEOUT', kind: 'duration' },
]

function parseLabels(where: string, items: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of items.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new ConfigError(where, `label ${JSON.stringify(item)} is not key=value`)
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return out
}

function coerce(where: string, kind: (typeof sources)[number]['kind'], raw: string | string[]): unknown {
  const list = Array.isArray(raw) ? raw : [raw]
  const one = list[list.length - 1] ?? ''
  switch (kind) {
    case 'labels':
      return parseLabels(where, list)
    case 'number': {
      const n = Number(one)
      if (one.trim() === '' || !Number.isFinite(n)) throw new ConfigError(where, `${JSON.stringify(one)} is not a number`)
      return n
    }
    case 'duration':
      // A bare number means seconds, as in the file.
      return /^[0-9]+(\.[0-9]+)?$/.test(one) ? Number(one) : one
    default:
      return one
  }
}

/** `127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`: an address literal or `localhost`, and a port. */
function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+|localhost)):([0-9]{1,5})$/.exec(value)
  const port = m ? Number(m[3]) : NaN
  if (!m || port < 1 || port > 65535) {
    throw new ConfigError('metrics_listen', `${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:9464; port 1-65535)`)
  }
  return { host: m[1] ?? m[2]!, port }
}

/** `<host_root>/proc`, checked at start: a mount that is missing must not look like an idle host. */
function hostProcOf(hostRoot: string | undefined): string | null {
  if (hostRoot === undefined || hostRoot.replace(/\/+$/, '') === '') return null
  const proc = `${hostRoot.replace(/\/+$/, '')}/proc`
  if (!existsSync(`${proc}/stat`)) throw new ConfigError('host_root', `${proc}/stat does not exist: mount the host's /proc at ${proc} (read-only), or unset host_root`)
  return proc
}

/** `a, b ,c` → each URL checked, trailing slashes dropped; duplicates and too many are errors. */
function controlPlaneUrlsOf(value: string): string[] {
  const urls = value.split(',').map((u) => u.trim().replace(/\/+$/, ''))
  if (urls.length > MAX_CONTROL_PLANE_URLS) {
    throw new ConfigError('control_plane_url', `at most ${MAX_CONTROL_PLANE_URLS} control-plane URLs, got ${urls.length}`)
  }
  const seen = new Set<string>()
  for (const u of urls) {
    if (!URL.canParse(u)) throw new ConfigError('control_plane_url', `${JSON.stringify(u)} is not a valid URL`)
    if (seen.has(u)) throw new ConfigError('control_plane_url', `${u} is listed twice`)
    seen.add(u)
  }
  return urls
}

/** The release key's PEM text; its kind (ed25519) is checked where it is parsed, at start. */
function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError('upgrade_public_key', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err })
  }
}

function confirmTimeoutOf(value: Duration | undefined): number {
  if (value === undefined) return 120
  const s = toSeconds(value)
  if (s < 10 || s > 3600) throw new ConfigError('upgrade_confirm_timeout', `must be between 10s and 1h, got ${JSON.stringify(value)}`)
  return s
}

/**
 * At least 30 s: a healthy cycle is bounded by the collectors' 10 s plus the permit request's
 * round trip (a permit that must wait in a queue waits beside the loop), so a shorter limit
 * could take a slow host for a stuck one.
 */
function stallTimeoutOf(value: Duration | undefined): number {
  if (value === undefined) return DEFAULT_STALL_TIMEOUT_MS / 1000
  const s = toSeconds(value)
  if (s < 30 || s > 3600) throw new ConfigError('stall_timeout', `must be between 30s and 1h, got ${JSON.stringify(value)}`)
  return s
}

function readConfigFile(path: string, explicit: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError('config', `file ${path} does not exist`)
    return {}
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigError('config', `cannot read ${path}: ${(err as Error).message}`, { cause: err })
  }
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw new ConfigError('config', `${path} is not valid YAML: ${(err as Error).message}`, { cause: err })
  }
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError('config', `${path} must be a YAML mapping`)
  return doc as Record<string, unknown>
}

/** `/labels/env` → `labels.env`; the root → the first offending property. */
function keyOf(instancePath: string, params: Record<string, unknown>): string {
  const extra = params['additionalProperties']
  if (instancePath === '' && Array.isArray(extra) && extra.length > 0) return String(extra[0])
  const required = params['requiredProperties']
  if (instancePath === '' && Array.isArray(required) && required.length > 0) return String(required[0])
  return instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)'
}

function validate(merged: Record<string, unknown>, origin: Map<string, string>): AgentConfigFile {
  if (checkFile.Check(merged)) return merged as AgentConfigFile
  // Report the most specific error: the deepest path, and "unknown key" for extras.
  const errors = [...checkFile.Errors(merged)].filter((e) => e.keyword !== 'boolean' || e.instancePath !== '')
  const extra = errors.find((e) => e.keyword === 'boolean' && e.schemaPath === '#/additionalProperties')
  if (extra) {
    const key = extra.instancePath.replace(/^\//, '')
    throw new ConfigError(key, `unknown key${origin.has(key) ? ` (from ${origin.get(key)})` : ''}`)
  }
  const e = errors.sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!
  const key = keyOf(e.instancePath, e.params as Record<string, unknown>)
  const top = key.split('.')[0]!
  const from = origin.get(top)
  const what = e.keyword === 'required' ? 'is required' : e.message
  throw new ConfigError(key, `${what}${from ? ` (from ${from})` : ''}`)
}

/**
 * Builds the configuration from argv (without node/script), env and the file. Throws ConfigError
 * naming the bad key; the CLI prints it and exits 2.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentConfig {
  let flags: ReturnType<typeof parseArgs<{ options: typeof flagSpec; strict: true; allowPositionals: false }>>['values']
  try {
    flags = parseArgs({ args: argv, options: flagSpec, strict: true, allowPositionals: false }).values
  } catch (err) {
    throw new ConfigError('flags', (err as Error).message, { cause: err })
  }
  const explicitPath = flags.config ?? env['SCOPS_CONFIG']
  const configPath = explicitPath ?? DEFAULT_CONFIG_PATH
  const file = readConfigFile(configPath, explicitPath !== undefined)

  const merged: Record<string, unknown> = { ...file }
  const origin = new Map<string, string>(Object.keys(file).map((k) => [k, configPath]))
  for (const s of sources) {
    const envValue = env[s.env]
    if (envValue !== undefined && envValue !== '') {
      merged[s.key] = coerce(s.env, s.kind, envValue)
      origin.set(s.key, s.env)
    }
    const flagValue = s.flag ? flags[s.flag] : undefined
    if (flagValue !== undefined) {
      merged[s.key] = coerce(`--${s.flag}`, s.kind, flagValue as string | string[])
      origin.set(s.key, `--${s.flag}`)
    }
  }
  const cfg = validate(merged, origin)

  let intervalS: number | null = null
  if (cfg.interval !== undefined) {
    intervalS = toSeconds(cfg.interval)
    if (intervalS < 1 || intervalS > 3600) throw new ConfigError('interval', `must be between 1s and 1h, got ${JSON.stringify(cfg.interval)}`)
  }
  if (cfg.policy !== undefined && cfg.policy_file !== undefined) {
    throw new ConfigError('policy_file', 'give either an inline `policy:` section or `policy_file`, not both')
  }
  const policy: PolicySource = cfg.policy_file
    ? { kind: 'file', path: cfg.policy_file }
    : cfg.policy
      ? { kind: 'inline', value: cfg.policy, source: `${configPath} (policy:)` }
      : { kind: 'default' }

  const controlPlaneUrls = controlPlaneUrlsOf(cfg.control_plane_url)
  return {
    configPath: existsSync(configPath) ? configPath : null,
    controlPlaneUrl: controlPlaneUrls[0]!,
    controlPlaneUrls,
    enrollmentToken: cfg.enrollment_token ?? null,
    stateDir: cfg.state_dir ?? DEFAULT_STATE_DIR,
    hostname: cfg.hostname ?? osHostname(),
    labels: cfg.labels ?? {},
    intervalS,
    bufferSize: cfg.buffer_size ?? null,
    dockerSocket: cfg.docker_socket ?? '/var/run/docker.sock',
    policy,
    logLevel: cfg.log_level ?? 'info',
    metricsListen: cfg.metrics_listen === undefined ? null : parseListen(cfg.metrics_listen),
    hostProc: hostProcOf(cfg.host_root),
    upgrade: {
      installDir: cfg.install_dir?.replace(/\/+$/, '') || null,
      publicKeyPem: cfg.upgrade_public_key === undefined ? null : readKeyFile(cfg.upgrade_public_key),
      confirmTimeoutS: confirmTimeoutOf(cfg.upgrade_confirm_timeout),
    },
    stallTimeoutS: stallTimeoutOf(cfg.stall_timeout),
  }
}
