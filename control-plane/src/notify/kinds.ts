import type { NotifierConfig, NotifierKindName } from './config'
import type { NotifierKind } from './kind'
import { emailKind } from './notifiers/email'
import { logKind } from './notifiers/log'
import { pagerdutyKind } from './notifiers/pagerduty'
import { slackKind } from './notifiers/slack'
import { webhookKind } from './notifiers/webhook'

/** Every notifier kind, by name: adding one is a folder under notifiers/ and a line here. */
export const notifierKinds: Record<NotifierKindName, NotifierKind> = {
  log: logKind,
  webhook: webhookKind,
  slack: slackKind,
  pagerduty: pagerdutyKind,
  email: emailKind,
}

/** The problems of a list of notifier configs, each naming the notifier and the field. */
export function notifierProblems(configs: NotifierConfig[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const c of configs) {
    if (seen.has(c.name)) problems.push(`notifier ${c.name}: the name is used twice`)
    seen.add(c.name)
    const p = notifierKinds[c.kind].check(c)
    if (p) problems.push(`notifier ${c.name} (${c.kind}): ${p}`)
  }
  return problems
}
