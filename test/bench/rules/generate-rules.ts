import { type ActionSpec, actionTypes } from '@smartcloudops/shared'
import { type Rng, between, pick } from './random'

/** Metrics a rule might watch, with a plausible "bad" range and whether high or low is bad. */
const watched: { metric: string; lo: number; hi: number; bad: 'high' | 'low'; integral?: boolean }[] = [
  { metric: 'cpu_percent', lo: 50, hi: 98, bad: 'high' },
  { metric: 'cpu_percent', lo: 5, hi: 30, bad: 'low' },
  { metric: 'memory_percent', lo: 60, hi: 97, bad: 'high' },
  { metric: 'memory_percent', lo: 10, hi: 40, bad: 'low' },
  { metric: 'swap_percent', lo: 10, hi: 80, bad: 'high' },
  { metric: 'disk_percent', lo: 70, hi: 98, bad: 'high' },
  { metric: 'disk_percent:/var', lo: 70, hi: 98, bad: 'high' },
  { metric: 'load_1', lo: 2, hi: 16, bad: 'high' },
  { metric: 'load_5', lo: 2, hi: 12, bad: 'high' },
  { metric: 'network_rx_bytes_per_s', lo: 1e6, hi: 1e8, bad: 'high' },
  { metric: 'response_time', lo: 0.5, hi: 8, bad: 'high' },
  { metric: 'response_time:web', lo: 0.5, hi: 8, bad: 'high' },
  { metric: 'error_rate', lo: 0.01, hi: 0.5, bad: 'high' },
  { metric: 'error_rate:web', lo: 0.01, hi: 0.5, bad: 'high' },
  { metric: 'container_cpu_percent:web', lo: 80, hi: 300, bad: 'high' },
  { metric: 'container_memory_percent:db', lo: 70, hi: 98, bad: 'high' },
  { metric: 'container_restarts', lo: 1, hi: 5, bad: 'high', integral: true },
  { metric: 'containers_unhealthy', lo: 1, hi: 3, bad: 'high', integral: true },
  { metric: 'ml_anomaly_score', lo: 0.5, hi: 0.98, bad: 'high' },
  { metric: 'ml_confidence', lo: 0.3, hi: 0.9, bad: 'high' },
]

function action(rng: Rng): ActionSpec {
  const type = pick(rng, actionTypes)
  switch (type) {
    case 'restart_service':
      return { type, params: { service: pick(rng, ['app', 'nginx.service', 'worker']) } }
    case 'restart_container':
      return { type, params: { selector: rng() < 0.5 ? { name: 'web' } : { labels: { 'com.docker.compose.service': 'web' } } } }
    case 'scale_up':
    case 'scale_down':
      return { type, params: { group: 'app', step: 1 + Math.floor(rng() * 3) } }
    case 'clear_cache':
      return rng() < 0.5 ? { type } : { type, params: { hook: 'redis-flush' } }
    case 'send_alert':
      return { type, params: { severity: pick(rng, ['info', 'warning', 'critical'] as const) } }
    default:
      return { type }
  }
}

const round = (v: number, integral?: boolean) => (integral ? Math.round(v) : Number(v.toPrecision(3)))

/** `n` valid rules with varied conditions and features (for, clear, max_actions, scope). */
export function generateRules(n: number, rng: Rng): unknown[] {
  const rules: unknown[] = []
  for (let i = 0; i < n; i++) {
    const nConds = 1 + Math.floor(rng() * 4)
    const chosen = new Map<string, (typeof watched)[number]>()
    while (chosen.size < nConds) {
      const w = pick(rng, watched)
      chosen.set(w.metric, w)
    }
    const conditions = [...chosen.values()].map((w) => ({
      metric: w.metric,
      operator: w.bad === 'high' ? pick(rng, ['gt', 'gte'] as const) : pick(rng, ['lt', 'lte'] as const),
      threshold: round(between(rng, w.lo, w.hi), w.integral),
    }))
    const cooldownS = pick(rng, [0, 30, 60, 180, 300, 600, 900])
    const rule: Record<string, unknown> = {
      name: `generated rule ${String(i).padStart(3, '0')}`,
      priority: Math.floor(rng() * 10),
      conditions,
      actions: Array.from({ length: 1 + Math.floor(rng() * 3) }, () => action(rng)),
      cooldown: cooldownS,
    }
    if (rng() < 0.25) rule.for = rng() < 0.5 ? { samples: 2 + Math.floor(rng() * 4) } : { duration: pick(rng, ['30s', '1m', '2m']) }
    const first = conditions[0]!
    if (rng() < 0.15) {
      const high = first.operator === 'gt' || first.operator === 'gte'
      rule.clear = [{ metric: first.metric, operator: high ? 'lt' : 'gt', threshold: round(first.threshold * (high ? 0.8 : 1.25), chosen.get(first.metric)!.integral) }]
    }
    if (rng() < 0.2) {
      const count = 2 + Math.floor(rng() * 3)
      rule.max_actions = { count, window: cooldownS * (count + 1) + 60 }
      if (rng() < 0.5) rule.reset_after = pick(rng, ['10m', '30m', '1h'])
    }
    if (rng() < 0.2) rule.scope = rng() < 0.7 ? { labels: { env: pick(rng, ['prod', 'staging']) } } : { hosts: ['bench-host', 'other-host'] }
    if (rng() < 0.05) rule.enabled = false
    rules.push(rule)
  }
  return rules
}
