import { createDetector } from '@smartcloudops/agent/detect/detector'

/**
 * Scores one univariate series through exactly the agent's path (createDetector → score), one
 * row at a time in order. Rows scored while the detector warms up get 0.
 */
export async function scoreUnivariate(modelBytes: Uint8Array | undefined, timestamps: readonly number[], values: readonly number[]): Promise<Float64Array> {
  const det = await createDetector({ modelBytes, metrics: ['value'] })
  try {
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const r = await det.score({ value: values[i]! }, timestamps[i]!)
      out[i] = r?.ml_anomaly_score ?? 0
    }
    return out
  } finally {
    await det.close()
  }
}

export function columnNames(dims: number): string[] {
  return Array.from({ length: dims }, (_, i) => `m${i + 1}`)
}

/**
 * Scores a multivariate test file after warming the detector up on the train file (whose scores
 * are returned too: the strict protocol fixes the alert threshold from them). One score per row.
 * The files carry no timestamps: row i gets ts = i × stepSeconds (ms since an arbitrary epoch,
 * the test file continuing the train file), so time-of-day features see the true period; their
 * phase is unknown, which a per-host seasonal baseline does not need.
 */
export async function scoreMultivariate(
  modelBytes: Uint8Array | undefined,
  train: readonly Float64Array[],
  test: readonly Float64Array[],
  stepSeconds = 60,
): Promise<{ train: Float64Array; test: Float64Array }> {
  const dims = train[0]?.length ?? test[0]?.length ?? 0
  const names = columnNames(dims)
  const det = await createDetector({ modelBytes, metrics: names })
  const run = async (rows: readonly Float64Array[], t0: number) => {
    const out = new Float64Array(rows.length)
    const sample: Record<string, number> = {}
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      for (let d = 0; d < dims; d++) sample[names[d]!] = row[d]!
      const r = await det.score(sample, (t0 + i) * stepSeconds * 1000)
      out[i] = r?.ml_anomaly_score ?? 0
    }
    return out
  }
  try {
    const trainScores = await run(train, 0)
    return { train: trainScores, test: await run(test, train.length) }
  } finally {
    await det.close()
  }
}
