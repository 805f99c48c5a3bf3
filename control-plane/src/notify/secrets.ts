import { notifierSecrets, redacted, redactSecrets, restoreSecrets, type SecretSpec } from '../http/secrets'
import type { NotifierConfig } from './config'

const smtpSecrets: SecretSpec = { password: 'value' }
import { notifierKinds } from './kinds'

type Obj = Record<string, unknown>

/**
 * The parts of a secret URL that carry its token (Slack's /services/T…/B…/xyz, a `?token=`), so a
 * receiver's reply that quotes one part is scrubbed too.
 */
function urlParts(value: string): string[] {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return []
  }
  return [u.pathname.length > 1 ? u.pathname : '', ...u.pathname.split('/'), ...[...u.searchParams.values()], u.username, u.password].filter((p) => p.length >= 6)
}

/** Every secret value of a config (for scrubbing error texts), longest first. */
export function secretValues(cfg: NotifierConfig): string[] {
  const out: string[] = []
  for (const path of notifierKinds[cfg.kind].secrets) {
    const [head, tail] = path.split('.') as [string, string | undefined]
    const v = (cfg as unknown as Obj)[head]
    if (tail === undefined) {
      if (typeof v === 'string') out.push(v, ...(head === 'url' ? urlParts(v) : []))
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Obj)) if ((tail === '*' || tail === k) && typeof x === 'string') out.push(x)
    }
  }
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
}

/** Replaces every occurrence of each secret with the placeholder (error texts may quote a URL or a reply). */
export function scrub(text: string, secrets: string[]): string {
  let out = text
  for (const s of secrets) out = out.split(s).join(redacted)
  return out
}

/** What GET shows: the shared write-only rules (http/secrets.ts), and the SMTP password inside `smtp`. */
export function redactNotifier(cfg: NotifierConfig): NotifierConfig {
  const out = redactSecrets(cfg, notifierSecrets)
  return cfg.smtp ? { ...out, smtp: redactSecrets(cfg.smtp, smtpSecrets) } : out
}

/** A PUT's notifier with placeholders replaced by the stored secrets (400 `secret_placeholder` when none). */
export function restoreNotifier(sent: NotifierConfig, stored: NotifierConfig | undefined, where: string): NotifierConfig {
  const out = restoreSecrets(sent, stored, notifierSecrets, where)
  return sent.smtp ? { ...out, smtp: restoreSecrets(sent.smtp, stored?.smtp, smtpSecrets, `${where}.smtp`) } : out
}
