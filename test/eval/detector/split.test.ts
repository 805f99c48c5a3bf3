import { describe, expect, it } from 'vitest'
import { evaluateNabSplit } from './nab-eval'
import type { NabSeries } from './nab-data'
import { multivariatePart, nabPart } from './split'

/** A flat series of `rows` rows with one window in its scored part. */
function series(name: string, rows = 2000): NabSeries {
  return { name, timestamps: Array.from({ length: rows }, (_, i) => i * 300_000), values: new Array<number>(rows).fill(1), windows: [{ left: 1500, right: 1600 }] }
}

describe('tuning / held-out split', () => {
  it('holds out realAWSCloudwatch and ASD omi-4..6, tunes on the rest', () => {
    expect(nabPart('realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv')).toBe('heldOut')
    expect(nabPart('realTweets/Twitter_volume_AAPL.csv')).toBe('tune')
    expect(multivariatePart('asd', 'omi-5')).toBe('heldOut')
    expect(multivariatePart('asd', 'omi-2')).toBe('tune')
    expect(multivariatePart('smd', 'machine-2-1')).toBe('tune')
  })

  it('scores the held-out series at the thresholds chosen on the tuning series, not their own', () => {
    const tune = series('artificialWithAnomaly/a.csv')
    const held = series('realAWSCloudwatch/b.csv')
    // Tuning series: a detection early in its window at 0.9 — the optimal threshold is 0.9.
    const a = new Float64Array(2000)
    a[1510] = 0.9
    // Held-out series: its anomaly only scores 0.5, so at the tuning threshold it is missed
    // (its own optimal threshold would have caught it).
    const b = new Float64Array(2000)
    b[1510] = 0.5
    const ev = evaluateNabSplit('t', [tune, held], new Map([[tune.name, a], [held.name, b]]), nabPart)!
    const std = (xs: typeof ev.tune.profiles) => xs.find((p) => p.profile === 'standard')!
    expect(std(ev.tune.profiles).threshold).toBeCloseTo(0.9, 9)
    expect(std(ev.heldOut.profiles).threshold).toBe(std(ev.tune.profiles).threshold)
    expect(std(ev.heldOut.profiles).corpus).toBe(0) // missed window = the null detector's score
    expect(std(ev.tune.profiles).corpus).toBeGreaterThan(90)
    expect(evaluateNabSplit('t', [tune], new Map([[tune.name, a]]), nabPart)).toBeUndefined()
  })
})
