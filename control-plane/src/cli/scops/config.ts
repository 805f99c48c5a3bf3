import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { CliError, exitCodes } from './exit-codes'

export interface CliConfig {
  url: string
  token?: string
  json: boolean
}

const DEFAULT_URL = 'http://127.0.0.1:8080'

/**
 * Where the CLI finds its control plane: flags, then SCOPS_URL / SCOPS_TOKEN, then the config file
 * (--config, SCOPS_CONFIG, or ~/.config/scops/config.yaml with `url:` and `token:`), then the
 * default URL. The only place the CLI reads the environment.
 */
export function loadCliConfig(flags: { url?: string; token?: string; json?: boolean; config?: string }, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const explicit = flags.config ?? env.SCOPS_CONFIG
  const path = explicit ?? join(env.HOME ?? homedir(), '.config', 'scops', 'config.yaml')
  let file: { url?: unknown; token?: unknown } = {}
  let text: string | undefined
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (explicit) throw new CliError(exitCodes.usage, `cannot read the config file ${path}: ${(err as Error).message}`)
  }
  if (text !== undefined) {
    try {
      file = (parse(text) ?? {}) as typeof file
    } catch (err) {
      throw new CliError(exitCodes.usage, `the config file ${path} is not valid YAML: ${(err as Error).message}`)
    }
    for (const k of Object.keys(file)) {
      if (k !== 'url' && k !== 'token') throw new CliError(exitCodes.usage, `the config file ${path} has an unknown key "${k}" (known: url, token)`)
    }
    if (file.url !== undefined && typeof file.url !== 'string') throw new CliError(exitCodes.usage, `${path}: url must be a string`)
    if (file.token !== undefined && typeof file.token !== 'string') throw new CliError(exitCodes.usage, `${path}: token must be a string`)
  }
  const url = flags.url ?? env.SCOPS_URL ?? (file.url as string | undefined) ?? DEFAULT_URL
  try {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)')
  } catch {
    throw new CliError(exitCodes.usage, `the control-plane URL ${JSON.stringify(url)} is not an http(s) URL (set --url or SCOPS_URL, e.g. http://127.0.0.1:8080)`)
  }
  const token = flags.token ?? env.SCOPS_TOKEN ?? (file.token as string | undefined)
  return { url, ...(token ? { token } : {}), json: flags.json ?? false }
}
