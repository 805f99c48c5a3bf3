import { currentRuleset } from '../../db/queries/rulesets'
import { runReplay } from '../../fleet/replay/replay'
import { planReplay, ReplayRequest, replayRules } from '../../fleet/replay/replay-request'
import { Success, errorResponses, ok } from '../../http/envelope'
import { ApiError } from '../../http/errors'
import { RulesetReplay, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/** Replays are CPU work on the control plane: a few at a time, the rest are told to retry. */
const MAX_CONCURRENT_REPLAYS = 2

/** `POST /rulesets/replay`: what a ruleset would have done over stored history (fleet/replay/). */
export function rulesetReplayRoutes(app: App, deps: RouteDeps): void {
  const database = deps.database
  let running = 0

  app.post(
    '/rulesets/replay',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['rulesets'],
        operationId: 'replayRuleset',
        summary: 'What a ruleset (or a change to the current one) would have done over stored samples, beside what really ran',
        description:
          'Replays the stored metric samples of the matching hosts in [from, to) (at most 7 days) through the agents\' rule engine — for, cooldown, ' +
          'max_actions, hysteresis, the overrides in force at the time — and compares the actions it would have taken with the stored actions. ' +
          'Nothing is executed or stored. `assumptions` in the answer lists what the past does not tell.',
        body: ReplayRequest,
        response: { 200: Success(ref(RulesetReplay)), ...errorResponses },
      },
    },
    async (req) => {
      const plan = planReplay(req.body, Date.now())
      const current = await currentRuleset(database.db)
      const rules = replayRules(req.body, current.rules)
      if (running >= MAX_CONCURRENT_REPLAYS) throw new ApiError(429, 'replay_busy', `${running} replays are running on this control plane; retry in a few seconds`)
      running++
      try {
        return ok(await runReplay(database, { plan, rules, current: { version: current.version, rules: current.rules } }))
      } finally {
        running--
      }
    },
  )
}
