/**
 * Local policy: the host's own allow-list of actions and targets. The control plane can only ask
 * for what this file permits, so compromising the control plane does not give root on the fleet.
 * (Longer than ~300 lines on purpose: the commented reference of the policy file below stays beside
 * the schema it documents, so the two cannot drift apart.)
 *
 * File: YAML (default /etc/smartcloudops/agent.yaml; the path is the runtime's config). Every key is
 * snake_case and unknown keys are errors, so a typo never silently widens or narrows the policy.
 *
 * ```yaml
 * actions:                  # the allow-list. An action type not listed here is refused locally.
 *   restart_container:
 *     # Only containers carrying ALL these labels may be restarted, whatever selector the rule
 *     # names. "key=value" needs that value; a bare "key" needs the label with any value.
 *     # Omitted or [] = any container the rule's selector matches.
 *     selector_labels_required: ["scops.restartable=true"]
 *     stop_timeout: 10s      # grace period Docker gives the container before SIGKILL (default 10s)
 *   restart_service: {}      # only the names under `services`
 *   scale_up: {}             # only the names under `groups`
 *   scale_down: {}
 *   clear_cache:
 *     page_cache: false      # true allows dropping the kernel page cache (clear_cache without a hook)
 *   emergency_shutdown:
 *     # true: after stopping the sheddable containers, emergency_shutdown POWERS THE HOST OFF
 *     # (systemctl poweroff). Leave false unless losing the host beats running it hot.
 *     allow_poweroff: false
 *     stop_timeout: 10s      # grace period for each sheddable container
 *   send_alert: {}
 * services:                 # names restart_service may use; exactly one of `container` / `systemd`
 *   app:   { container: { labels: { com.docker.compose.service: app } } }   # restart those containers
 *   # optional for container services: stop_timeout: 10s (grace period before SIGKILL)
 *   nginx: { systemd: nginx.service }                                       # systemctl restart <unit>
 * groups:                   # names scale_up / scale_down may use: replicas of a labelled group
 *   app:
 *     selector: { labels: { scops.group: app } }   # which containers are replicas (non-empty)
 *     min: 1                # scale_down never goes below this many replicas
 *     max: 5                # scale_up never goes above this many replicas
 *     stop_timeout: 10s     # optional: grace period when scale_down stops a replica
 *   workers:                # or, instead of `selector`, an external scaler called over HTTP:
 *     webhook:
 *       url: https://scaler.internal/groups/workers     # POSTed {group, action, step, min, max}
 *       headers: { Authorization: "Bearer ..." }       # optional, never logged
 *       timeout: 10s                                   # optional
 *     min: 2                # passed to the scaler, which owns the replica count; it answers
 *     max: 20               #   2xx = done, 409 = at a bound, other 4xx = refused, 5xx = try again
 * cache_hooks:              # names clear_cache may use: an argv run inside one container (no shell)
 *   redis:
 *     container: { name: redis }                   # selector; the first running match is used
 *     argv: [redis-cli, FLUSHALL]
 *     timeout: 20s          # optional, bounded by the action timeout
 * sheddable:                # what emergency_shutdown may stop (non-empty selector); absent = nothing
 *   labels: { scops.sheddable: "true" }
 * offline: skip             # disruptive actions when the control plane cannot grant a permit
 *                           # (unreachable, or no answer in 10 s): skip (default) | act |
 *                           # { only: [restart_container] } (act offline for those types only)
 * probes:                   # HTTP health probes feeding response_time:<name> / error_rate:<name>
 *   - name: app
 *     url: http://127.0.0.1:8000/health
 *     timeout: 5s           # default 5s. No answer within it (or no connection) is a failure
 *                           # reported with response_time = timeout; an HTTP error status keeps its real time
 *     interval: 10s         # default 10s: probe at most this often (the last result is reported between)
 *     window: 10            # error_rate = failures among the last `window` probes (default 10)
 *     expect_status: [200, 399]   # inclusive status range counted as success (default 200..399)
 * ```
 *
 * Selectors (`container:`, `selector:`, `sheddable:`) are `{ name?, labels? }` and must name
 * something: an empty selector would match every container on the host, so it is rejected.
 */
import { readFile } from 'node:fs/promises'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { parseDocument } from 'yaml'
import { ActionType, ContainerSelector, Duration, toSeconds } from '@smartcloudops/shared'
import type { ActionRequest } from './types'

const Name = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' })
/** Starts with an alphanumeric so it can never be read as a systemctl option. */
const SystemdUnit = Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9][A-Za-z0-9:_.@\\\\-]*$' })
const RequiredLabel = Type.String({ minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9][^=\\s]*(=.*)?$' })
const Obj = <T extends Type.TProperties>(props: T) => Type.Object(props, { additionalProperties: false })

export const ActionsPolicy = Obj({
  restart_container: Type.Optional(
    Obj({
      selector_labels_required: Type.Optional(Type.Array(RequiredLabel, { maxItems: 32 })),
      stop_timeout: Type.Optional(Duration),
    }),
  ),
  restart_service: Type.Optional(Obj({})),
  scale_up: Type.Optional(Obj({})),
  scale_down: Type.Optional(Obj({})),
  clear_cache: Type.Optional(Obj({ page_cache: Type.Optional(Type.Boolean()) })),
  emergency_shutdown: Type.Optional(
    Obj({ allow_poweroff: Type.Optional(Type.Boolean()), stop_timeout: Type.Optional(Duration) }),
  ),
  send_alert: Type.Optional(Obj({})),
})
export type ActionsPolicy = Static<typeof ActionsPolicy>

export const ServicePolicy = Type.Union([
  Obj({ container: ContainerSelector, stop_timeout: Type.Optional(Duration) }),
  Obj({ systemd: SystemdUnit }),
])
export type ServicePolicy = Static<typeof ServicePolicy>

export const ScalingWebhook = Obj({
  url: Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' }),
  /** Sent with every call, e.g. an Authorization header; never logged. */
  headers: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9-]+$' }), Type.String({ maxLength: 4096 }))),
  timeout: Type.Optional(Duration),
})
export type ScalingWebhook = Static<typeof ScalingWebhook>

export const GroupPolicy = Obj({
  /** Replicas are the containers matching this selector... */
  selector: Type.Optional(ContainerSelector),
  /** ...or an external scaler (autoscaling group, orchestrator) is asked through this webhook. */
  webhook: Type.Optional(ScalingWebhook),
  min: Type.Integer({ minimum: 0, maximum: 1000 }),
  max: Type.Integer({ minimum: 1, maximum: 1000 }),
  stop_timeout: Type.Optional(Duration),
})
export type GroupPolicy = Static<typeof GroupPolicy>

export const CacheHookPolicy = Obj({
  container: ContainerSelector,
  argv: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 64 }),
  timeout: Type.Optional(Duration),
})
export type CacheHookPolicy = Static<typeof CacheHookPolicy>

export const Probe = Obj({
  name: Name,
  url: Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' }),
  timeout: Type.Optional(Duration),
  interval: Type.Optional(Duration),
  window: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  expect_status: Type.Optional(
    Type.Tuple([Type.Integer({ minimum: 100, maximum: 599 }), Type.Integer({ minimum: 100, maximum: 599 })]),
  ),
})
export type Probe = Static<typeof Probe>

/** What disruptive actions do without a permit (gates/budget.ts). send_alert never asks for one. */
export const OfflinePolicy = Type.Union([Type.Literal('act'), Type.Literal('skip'), Obj({ only: Type.Array(ActionType, { maxItems: 16 }) })])
export type OfflinePolicy = Static<typeof OfflinePolicy>

export const LocalPolicy = Obj({
  actions: ActionsPolicy,
  services: Type.Optional(Type.Record(Name, ServicePolicy)),
  groups: Type.Optional(Type.Record(Name, GroupPolicy)),
  cache_hooks: Type.Optional(Type.Record(Name, CacheHookPolicy)),
  sheddable: Type.Optional(ContainerSelector),
  probes: Type.Optional(Type.Array(Probe, { maxItems: 100 })),
  /**
   * Agent upgrades pushed by the control plane (agent/src/upgrade). Unset: allowed only for releases
   * signed with the key in `upgrade_public_key` (so a compromised control plane cannot push code);
   * `true`: also unsigned ones when no key is configured; `false`: never.
   */
  upgrades: Type.Optional(Type.Boolean()),
  offline: Type.Optional(OfflinePolicy),
})
export type LocalPolicy = Static<typeof LocalPolicy>

const compiled = Compile(LocalPolicy)

/** Only alerts: nothing on the host is touched. What the agent runs with when no policy file exists. */
export const safeDefaultPolicy: LocalPolicy = Object.freeze({ actions: Object.freeze({ send_alert: {} }) })

export class PolicyError extends Error {
  readonly code = 'policy_invalid'
  constructor(
    message: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'PolicyError'
  }
}

/** `/actions/restart_container` → `actions.restart_container`; array indexes as `[0]`. */
function keyPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  let out = ''
  for (const p of parts) out += /^[0-9]+$/.test(p) ? `[${p}]` : out ? `.${p}` : p
  return out || '(top level)'
}

function schemaIssues(value: unknown): string[] {
  const issues: string[] = []
  for (const e of compiled.Errors(value)) {
    // additionalProperties reports twice (once as a false sub-schema); keep the one that names keys.
    if (e.keyword === 'boolean') continue
    if (e.keyword === 'additionalProperties') {
      const base = keyPath(e.instancePath)
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
      for (const k of extra) issues.push(`${base === '(top level)' ? k : `${base}.${k}`}: unknown key`)
      continue
    }
    issues.push(`${keyPath(e.instancePath)}: ${e.message}`)
  }
  return [...new Set(issues)]
}

function emptySelector(s: ContainerSelector | undefined): boolean {
  return !s || (!s.name && Object.keys(s.labels ?? {}).length === 0)
}

function durationIssue(path: string, d: Duration | undefined, maxSeconds: number): string | undefined {
  if (d === undefined) return undefined
  const s = toSeconds(d)
  return s > 0 && s <= maxSeconds ? undefined : `${path}: must be greater than 0 and at most ${maxSeconds}s`
}

/** Rules the schema cannot express: bounds that relate to each other, selectors that must not be empty. */
function semanticIssues(p: LocalPolicy): string[] {
  const issues: (string | undefined)[] = []
  for (const [name, svc] of Object.entries(p.services ?? {})) {
    if ('container' in svc && emptySelector(svc.container))
      issues.push(`services.${name}.container: selector must name a container or labels (an empty one matches everything)`)
    if ('container' in svc) issues.push(durationIssue(`services.${name}.stop_timeout`, svc.stop_timeout, 600))
  }
  for (const [name, g] of Object.entries(p.groups ?? {})) {
    if (g.selector && g.webhook) issues.push(`groups.${name}: give either selector or webhook, not both`)
    else if (g.webhook) issues.push(durationIssue(`groups.${name}.webhook.timeout`, g.webhook.timeout, 300))
    else if (emptySelector(g.selector))
      issues.push(`groups.${name}.selector: selector must name labels (an empty one matches everything)`)
    if (g.min > g.max) issues.push(`groups.${name}.min: must not exceed max (${g.min} > ${g.max})`)
    issues.push(durationIssue(`groups.${name}.stop_timeout`, g.stop_timeout, 600))
  }
  for (const [name, h] of Object.entries(p.cache_hooks ?? {})) {
    if (emptySelector(h.container)) issues.push(`cache_hooks.${name}.container: selector must name a container or labels`)
    issues.push(durationIssue(`cache_hooks.${name}.timeout`, h.timeout, 3600))
  }
  if (p.sheddable && emptySelector(p.sheddable))
    issues.push('sheddable: selector must name a container or labels (an empty one would stop everything)')
  const seen = new Set<string>()
  for (const [i, probe] of (p.probes ?? []).entries()) {
    if (seen.has(probe.name)) issues.push(`probes[${i}].name: duplicate probe name "${probe.name}"`)
    seen.add(probe.name)
    issues.push(durationIssue(`probes[${i}].timeout`, probe.timeout, 300))
    issues.push(durationIssue(`probes[${i}].interval`, probe.interval, 86_400))
    if (probe.expect_status && probe.expect_status[0] > probe.expect_status[1])
      issues.push(`probes[${i}].expect_status: the range's low bound exceeds its high bound`)
    try {
      new URL(probe.url)
    } catch {
      issues.push(`probes[${i}].url: not a valid URL`)
    }
  }
  issues.push(durationIssue('actions.restart_container.stop_timeout', p.actions.restart_container?.stop_timeout, 600))
  issues.push(durationIssue('actions.emergency_shutdown.stop_timeout', p.actions.emergency_shutdown?.stop_timeout, 600))
  return issues.filter((i): i is string => i !== undefined)
}

/** Validates an already-parsed value (e.g. from JSON). Throws PolicyError listing every problem. */
export function validatePolicy(value: unknown, source: string): LocalPolicy {
  const issues = compiled.Check(value) ? semanticIssues(value as LocalPolicy) : schemaIssues(value)
  if (issues.length > 0) throw new PolicyError(`${source}: invalid local policy: ${issues.join('; ')}`, issues)
  return value as LocalPolicy
}

export function parsePolicy(yamlText: string, source: string): LocalPolicy {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => e.message.split('\n')[0] ?? e.message)
    throw new PolicyError(`${source}: not valid YAML: ${issues.join('; ')}`, issues, { cause: doc.errors[0] })
  }
  const value: unknown = doc.toJS()
  if (value === null || value === undefined)
    throw new PolicyError(`${source}: the policy file is empty (it needs at least an "actions" map)`, ['(top level): empty'])
  return validatePolicy(value, source)
}

export async function loadPolicy(path: string): Promise<LocalPolicy> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown'
    throw new PolicyError(`${path}: cannot read the local policy file (${code})`, [`(file): ${code}`], { cause: err })
  }
  return parsePolicy(text, path)
}

export type PolicyCheck = { allowed: true } | { allowed: false; reason: string }

function paramString(params: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = params?.[key]
  return typeof v === 'string' ? v : undefined
}

/**
 * Whether this host allows this action on this target. Parameter shapes are checked by the
 * executor's `validate`; this only answers "is it on the allow-list", and tolerates bad params.
 */
export function checkPolicy(policy: LocalPolicy, spec: ActionRequest): PolicyCheck {
  const type: ActionType = spec.type
  const allowed = policy.actions[type]
  if (!allowed) return { allowed: false, reason: `action ${type} is not allowed by local policy (no actions.${type})` }
  const params = spec.params
  switch (type) {
    case 'restart_service': {
      const name = paramString(params, 'service')
      if (name === undefined) return { allowed: true } // validate() reports the missing parameter
      if (!Object.hasOwn(policy.services ?? {}, name))
        return { allowed: false, reason: `service "${name}" is not defined in local policy (services.${name})` }
      return { allowed: true }
    }
    case 'scale_up':
    case 'scale_down': {
      const name = paramString(params, 'group')
      if (name === undefined) return { allowed: true }
      if (!Object.hasOwn(policy.groups ?? {}, name))
        return { allowed: false, reason: `group "${name}" is not defined in local policy (groups.${name})` }
      return { allowed: true }
    }
    case 'clear_cache': {
      const hook = paramString(params, 'hook')
      if (hook !== undefined) {
        if (!Object.hasOwn(policy.cache_hooks ?? {}, hook))
          return { allowed: false, reason: `cache hook "${hook}" is not defined in local policy (cache_hooks.${hook})` }
        return { allowed: true }
      }
      if (policy.actions.clear_cache?.page_cache !== true)
        return { allowed: false, reason: 'dropping the page cache needs actions.clear_cache.page_cache: true in local policy' }
      return { allowed: true }
    }
    case 'emergency_shutdown': {
      if (!policy.sheddable && policy.actions.emergency_shutdown?.allow_poweroff !== true)
        return { allowed: false, reason: 'local policy marks nothing sheddable (no sheddable selector)' }
      return { allowed: true }
    }
    case 'restart_container':
    case 'send_alert':
      return { allowed: true }
    default:
      return { allowed: false, reason: `unknown action type ${JSON.stringify(type)}` }
  }
}
