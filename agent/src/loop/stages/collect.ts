import { collectorHealth } from '../../events'
import type { Stage } from '../cycle'

/** Every collector, under the cycle's timeout; a failing one leaves its metrics missing. */
export const collectStage: Stage = {
  name: 'collect',
  async run(c, loop, deps) {
    try {
      const r = await deps.parts.collect({ timeoutMs: c.collectTimeoutMs, signal: c.signal })
      c.metrics = { ...r.metrics }
      c.missing = r.missing
      loop.lastHealth = collectorHealth(r.health)
    } catch (err) {
      deps.log.error({ err }, 'collection failed; no metrics this cycle')
    }
  },
}
