import * as agentReleases from './agent-releases'
import * as alerts from './alerts'
import * as budgets from './budgets'
import type { Component } from './component'
import * as config from './config'
import * as fleet from './fleet'
import * as history from './history'
import * as hosts from './hosts'
import * as models from './models'
import * as replay from './replay'
import * as rollouts from './rollouts'
import * as ruleHealth from './rule-health'

export { ref } from './component'
export * from './agent-releases'
export * from './alerts'
export * from './budgets'
export * from './config'
export * from './fleet'
export * from './history'
export * from './hosts'
export * from './models'
export * from './replay'
export * from './rollouts'
export * from './rule-health'

/** Every named response schema, registered with `addSchema` before the routes (app.ts). */
export const responseComponents: Component[] = [hosts, history, fleet, config, models, alerts, rollouts, agentReleases, ruleHealth, budgets, replay].flatMap((m) =>
  Object.values(m).filter((v): v is Component => typeof v === 'object' && v !== null && typeof (v as { $id?: unknown }).$id === 'string'),
)
