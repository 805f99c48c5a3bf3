import type { Stage } from '../cycle'

/** The anomaly model adds ml_anomaly_score / ml_confidence to the sample (once it has a baseline). */
export const scoreStage: Stage = {
  name: 'score',
  async run(c, _loop, deps) {
    const detector = deps.parts.detector
    if (detector) {
      try {
        const t0 = performance.now()
        const s = await detector.score(c.metrics, c.ts)
        c.report.score_ms = performance.now() - t0
        c.modelVersion = detector.modelVersion
        if (s) {
          c.metrics.ml_anomaly_score = s.ml_anomaly_score
          c.metrics.ml_confidence = s.ml_confidence
          if (s.explanation.length > 0) c.explanation = s.explanation
          c.report.scored = true
          c.report.anomaly_score = s.ml_anomaly_score
        }
      } catch (err) {
        deps.log.error({ err }, 'scoring failed; sample kept without a score')
      }
    }
    c.report.metrics = Object.keys(c.metrics).length
    c.report.missing = Object.keys(c.missing).length
  },
}
