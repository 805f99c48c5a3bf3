import fc from 'fast-check'
import type { Database } from '../src/db/client'
import { storedDigest } from '../src/db/queries/digest'
import { fuzzRequests, type FuzzRequest } from './fuzz-requests'
import type { TestApp } from './test-app'

export interface FuzzReport {
  inputs: number
  operations: number
  byStatus: Record<string, number>
  /** Requests answered ≥ 500, with the answer. */
  serverErrors: string[]
  /** Refused (4xx) writes after which stored data differed. */
  changedByRefused: string[]
  ms: number
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** `runs` fuzzed requests (fixed `seed`) with the admin token, so they reach the handlers. */
export async function runFuzz(t: TestApp, database: Database, opts: { runs: number; seed: number; ids: string[] }): Promise<FuzzReport> {
  const started = Date.now()
  const { arbitrary, operations } = fuzzRequests(t.app, opts.ids)
  const report: FuzzReport = { inputs: 0, operations, byStatus: {}, serverErrors: [], changedByRefused: [], ms: 0 }
  let digest: Record<string, string> | undefined = await storedDigest(database)
  const chunk = 1000
  for (let done = 0; done < opts.runs; done += chunk) {
    const batch: FuzzRequest[] = fc.sample(arbitrary, { numRuns: Math.min(chunk, opts.runs - done), seed: opts.seed + done })
    for (const req of batch) {
      if (mutating.has(req.method) && !digest) digest = await storedDigest(database)
      const res = await t.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: { authorization: `Bearer ${t.admin}` },
        ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body), headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' } }),
      })
      report.inputs++
      report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1
      const line = () => `${req.method} ${req.url.slice(0, 200)} ${JSON.stringify(req.body)?.slice(0, 200) ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`
      if (res.statusCode >= 500) report.serverErrors.push(line())
      // Digests cost a query: taken before a write only when an accepted write may have changed
      // the data since the last one, and after a write only when it was refused.
      if (mutating.has(req.method)) {
        if (res.statusCode >= 400) {
          const after = await storedDigest(database)
          const changed = Object.keys(after).filter((k) => after[k] !== digest?.[k])
          if (digest && changed.length) report.changedByRefused.push(`${line()} changed ${changed.join(', ')}`)
          digest = after
        } else {
          digest = undefined
        }
      }
    }
  }
  report.ms = Date.now() - started
  return report
}
