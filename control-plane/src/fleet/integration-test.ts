/**
 * The verdict of `POST /integration/test`: the integration of each targeted host, end to end
 * (control plane → agent → collectors → model → rules → local policy → back). The agent's side of
 * the contract, for the `test` command:
 *
 * - without `args.metrics` it collects a fresh sample, scores it, evaluates the current rules on a
 *   copy of its state (nothing executed), checks fired actions against its local policy, and
 *   answers `{ok, result: {collectors: {name: {ok, error?}}, sample: {metrics, missing, scored},
 *   evaluations: [...], problems: string[]}}` with ok = no problem;
 * - with `args.metrics` it evaluates those instead of a fresh sample.
 *
 * A host passes when it answered ok with no problems; offline, timeout and every problem fail it,
 * each with a sentence an operator can act on.
 */

/** What the gateway reports per host for a command (structural: the gateway's own type). */
export type CommandAnswer =
  | { host_id: string; status: 'ok' | 'error'; command_id: string; result?: unknown; error?: string }
  | { host_id: string; status: 'offline' | 'timeout'; command_id?: string }

export interface HostVerdict {
  host_id: string
  passed: boolean
  /** Why it did not pass (empty when it did). */
  problems: string[]
  /** The agent's report as it sent it (collectors, sample, evaluations), or null. */
  report: unknown
}

function reportedProblems(result: unknown): string[] {
  if (!result || typeof result !== 'object') return []
  const p = (result as { problems?: unknown }).problems
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : []
}

export function hostVerdict(a: CommandAnswer, waitMs: number): HostVerdict {
  switch (a.status) {
    case 'offline':
      return { host_id: a.host_id, passed: false, problems: ['the agent is not connected to the control plane'], report: null }
    case 'timeout':
      return {
        host_id: a.host_id,
        passed: false,
        problems: [`the agent did not answer within ${waitMs} ms (raise wait_ms, or check the agent's log)`],
        report: null,
      }
    case 'error': {
      const problems = reportedProblems(a.result)
      if (problems.length === 0) problems.push(`the agent reported a failed self-test${a.error ? `: ${a.error}` : ' without saying why'}`)
      return { host_id: a.host_id, passed: false, problems, report: a.result ?? null }
    }
    case 'ok': {
      // ok with problems listed is still a failure: the list is what the operator must fix.
      const problems = reportedProblems(a.result)
      return { host_id: a.host_id, passed: problems.length === 0, problems, report: a.result ?? null }
    }
  }
}

/** Every targeted host passed; a test that reached no host did not pass. */
export function integrationVerdict(answers: CommandAnswer[], waitMs: number): { passed: boolean; hosts: HostVerdict[]; problems: string[] } {
  const hosts = answers.map((a) => hostVerdict(a, waitMs))
  const problems = hosts.flatMap((h) => h.problems.map((p) => `${h.host_id}: ${p}`))
  if (hosts.length === 0) problems.push('no enrolled host at this target: nothing was tested')
  return { passed: hosts.length > 0 && hosts.every((h) => h.passed), hosts, problems }
}
