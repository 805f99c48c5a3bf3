import type { Stage } from '../cycle'

/**
 * Inputs from outside the host join the sample after scoring (the model sees host metrics only)
 * and before verify and evaluate: Alertmanager's alerts as `alert:<name>` = 1 / 0 (agent/src/alerts).
 */
export const externalInputsStage: Stage = {
  name: 'external-inputs',
  async run(c, _loop, deps) {
    const inputs = deps.parts.externalInputs?.()
    if (!inputs) return
    Object.assign(c.metrics, inputs)
    c.report.metrics = Object.keys(c.metrics).length
  },
}
