import { eq } from 'drizzle-orm'
import type { AgentRuntimeConfig } from '@smartcloudops/shared'
import type { NotifierConfig } from '../../notify/config'
import { defaultIntakeConfig, type AlertIntakeConfig } from '../../alertmanager/mapping'
import { defaultRuleAutoPause, type RuleAutoPause } from '../../fleet/rule-auto-pause-settings'
import type { Db } from '../client'
import { settings } from '../schema'

export const defaultRuntimeConfig: AgentRuntimeConfig = {
  interval_s: 30,
  buffer_size: 10,
  monitoring: true,
  verify_window: '60s',
  action_timeout: '30s',
}

export type { NotifierConfig }

/** Typed settings keys and their defaults. */
export interface Settings {
  current_ruleset_version: number
  remediation_enabled: boolean
  runtime_config: AgentRuntimeConfig
  notifiers: NotifierConfig[]
  alert_intake: AlertIntakeConfig
  rule_auto_pause: RuleAutoPause
}

export const settingDefaults: Settings = {
  current_ruleset_version: 0,
  remediation_enabled: true,
  runtime_config: defaultRuntimeConfig,
  notifiers: [{ name: 'log', kind: 'log' }],
  alert_intake: defaultIntakeConfig,
  rule_auto_pause: defaultRuleAutoPause,
}

export async function getSetting<K extends keyof Settings>(db: Db, key: K): Promise<Settings[K]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key)).limit(1)
  return row ? (row.value as Settings[K]) : settingDefaults[key]
}

export async function setSetting<K extends keyof Settings>(db: Db, key: K, value: Settings[K], by: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedBy: by })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: by, updatedAt: new Date() } })
}
