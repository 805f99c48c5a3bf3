import type { EvalReport } from './run-eval'
import type { StrictMetrics } from './multivariate-metrics'

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a')

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |'
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...rows.map(line)].join('\n')
}

/** Human-readable tables of an evaluation (markdown, so the README can quote them). */
export function formatReport(r: EvalReport): string {
  const out: string[] = [`model ${r.modelVersion}`, `split: ${r.split}`]
  if (r.nab) {
    const nab = r.nab
    out.push('', `NAB: ${nab.files} series, ${nab.windows} windows; normalized scores (threshold optimized corpus-wide per profile, NAB's rule)`)
    const rows: string[][] = []
    const add = (label: string, ev: (typeof nab.optimized)['model']) => {
      for (const p of ev.profiles) {
        rows.push([label, p.profile, f(p.threshold, 6), f(p.corpus), f(p.byCategory.realAWSCloudwatch ?? Number.NaN)])
      }
    }
    add(r.modelVersion, nab.optimized.model)
    add('windowedGaussian', nab.optimized.windowedGaussian)
    add('random', nab.optimized.random)
    add('model @ shipped thresholds', nab.modelAtShippedThresholds)
    out.push(table(['detector', 'profile', 'threshold', 'all series', 'realAWSCloudwatch'], rows))
    const split = nab.split
    if (split) {
      out.push(
        '',
        `NAB split: threshold optimized on the ${split.model.tune.files} tuning series (in-sample), applied unchanged to the ${split.model.heldOut.files} held-out series (out-of-sample)`,
      )
      const srows: string[][] = []
      for (const [label, ev] of [[r.modelVersion, split.model], ['windowedGaussian', split.windowedGaussian], ['random', split.random]] as const) {
        ev.tune.profiles.forEach((p, i) => srows.push([label, p.profile, f(p.threshold, 6), f(p.corpus), f(ev.heldOut.profiles[i]?.corpus ?? Number.NaN)]))
      }
      out.push(table(['detector', 'profile', 'threshold (tuning series)', 'tuning series', 'held out (not tuned on)'], srows))
    }
  }
  for (const set of ['smd', 'asd'] as const) {
    const t = r[set]
    if (!t) continue
    out.push('', `${set.toUpperCase()} (${t.model.series} series): threshold = 99.5th percentile of train scores, no point-adjust`)
    const row = (label: string, m: StrictMetrics) => [
      label,
      f(m.pointF1, 3),
      f(m.eventF1, 3),
      `${f(m.eventPrecision, 2)}/${f(m.eventRecall, 2)}`,
      f(m.prAuc, 3),
      f(m.meanDelayMinutes, 0),
      f(m.falseAlarmsPerHostDay, 1),
      f(100 * m.flaggedShare, 2),
      f(m.paF1, 3),
    ]
    out.push(
      table(
        ['detector', 'point F1', 'event F1', 'event P/R', 'PR-AUC', 'delay (min)', 'false alarms/host-day', '% rows flagged', 'PA-F1 (see random)'],
        [
          ...(['model', 'windowedGaussian', 'random'] as const).map((k) => row(k === 'model' ? r.modelVersion : k, t[k])),
          ...(t.tune && t.heldOut
            ? (['model', 'windowedGaussian', 'random'] as const).flatMap((k) => [
                row(`${k === 'model' ? r.modelVersion : k}, tuning series`, t.tune![k]),
                row(`${k === 'model' ? r.modelVersion : k}, held out`, t.heldOut![k]),
              ])
            : []),
        ],
      ),
    )
  }
  return out.join('\n')
}
