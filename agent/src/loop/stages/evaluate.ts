import { fire } from '@smartcloudops/shared/rules/engine'
import type { Stage } from '../cycle'
import { engineContext } from '../engine-context'

/**
 * The shared engine decides which rules FIRED on this sample (scope, conditions, `for`, `clear`,
 * counters). Nothing is committed yet: the gate stage settles each firing once its gates answered.
 */
export const evaluateStage: Stage = {
  name: 'evaluate',
  run(c, loop, deps) {
    const state = c.desired
    if (!state) {
      if (!loop.warnedNoState) deps.log.warn('no desired state yet (never connected, nothing cached): collecting only')
      loop.warnedNoState = true
      return
    }
    try {
      const r = fire(state.ruleset.rules, loop.engine, { ts: c.ts, metrics: c.metrics }, deps.now(), engineContext(state, deps.labels))
      loop.engine = r.state
      for (const x of r.results) if (x.firing) c.firings.push(x.firing)
    } catch (err) {
      deps.log.error({ err, revision: state.revision }, 'rule evaluation failed')
    }
  },
}
