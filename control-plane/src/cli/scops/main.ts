import { parseArgs } from 'node:util'
import { connect } from './api'
import { actions } from './commands/actions'
import { alerts } from './commands/alerts'
import { host, hosts, status } from './commands/fleet'
import { resume, setMode } from './commands/overrides'
import { applyRules, diffRules, exportRules, replayRulesFile } from './commands/rules'
import { tokens } from './commands/tokens'
import { loadCliConfig } from './config'
import { CliError, exitCodes } from './exit-codes'
import type { Out } from './output'

export const usage = `scops — the SmartCloudOps control plane from a terminal

usage: scops <command> [flags]

  status                                   fleet state, overrides, versions in use
  hosts [--selector env=prod] [--state online|stale|offline|never]
  host <id|hostname>                       one host: state, override, versions, recent actions
  pause   [--selector S | --host H] [--reason TEXT] [--for 30m]
  dry-run [--selector S | --host H] [--reason TEXT] [--for 30m]
  resume  [--selector S | --host H]        clear the override set at exactly that scope
  actions [--host H] [--limit N] [--follow]
  alerts  [--state firing|resolved] [--severity info|warning|critical] [--host H] [--limit N]
  rules export [--version N] > rules.yaml
  rules diff rules.yaml [--since 24h]      exit 0: no changes, 10: differs; with what the file would have
                                           done over --since (default 24h; 0 skips) beside the current rules
  rules apply rules.yaml [--message TEXT] [--since 24h]
                                           prints the plan (diff and what-if); a file that changes nothing makes no version
  rules replay rules.yaml [--since 24h] [--selector S]
                                           what the file would have done, beside the current rules and what ran
  tokens [list] | tokens create <name> --role viewer|operator|admin | tokens revoke <id>

flags: --url URL (SCOPS_URL), --token TOKEN (SCOPS_TOKEN), --config FILE (SCOPS_CONFIG,
       default ~/.config/scops/config.yaml with url: and token:), --json (output for scripts)

exit codes: 0 ok, 1 refused by the control plane, 2 usage, 3 not authenticated / not allowed,
            4 not found, 5 control plane unreachable, 10 rules diff found differences
`

const options = {
  url: { type: 'string' },
  token: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  selector: { type: 'string', short: 'l' },
  state: { type: 'string' },
  severity: { type: 'string' },
  host: { type: 'string' },
  reason: { type: 'string' },
  for: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  limit: { type: 'string' },
  version: { type: 'string' },
  message: { type: 'string', short: 'm' },
  role: { type: 'string' },
  since: { type: 'string' },
} as const

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new CliError(exitCodes.usage, `--${name} must be a positive whole number, not ${JSON.stringify(v)}`)
  return n
}

/** Runs one command line; returns the exit code (never calls process.exit, so tests can call it). */
export async function run(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<number> {
  try {
    let parsed
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
    } catch (err) {
      throw new CliError(exitCodes.usage, `${(err as Error).message}\nrun scops --help for the commands and flags`)
    }
    const { values: f, positionals } = parsed
    const [cmd, ...rest] = positionals
    if (f.help || !cmd) {
      io.stdout(usage)
      return cmd || f.help ? exitCodes.ok : exitCodes.usage
    }
    const cfg = loadCliConfig(f, io.env)
    const api = connect(cfg)
    const out: Out = { json: cfg.json, write: io.stdout }
    const target = { selector: f.selector, host: f.host, reason: f.reason, for: f.for }
    switch (cmd) {
      case 'status':
        await status(api, out)
        return exitCodes.ok
      case 'hosts':
        await hosts(api, out, { selector: f.selector, state: f.state })
        return exitCodes.ok
      case 'host':
        if (!rest[0]) throw new CliError(exitCodes.usage, 'usage: scops host <id|hostname> (list them with scops hosts)')
        await host(api, out, rest[0])
        return exitCodes.ok
      case 'pause':
        await setMode(api, out, 'paused', target)
        return exitCodes.ok
      case 'dry-run':
        await setMode(api, out, 'dry_run', target)
        return exitCodes.ok
      case 'resume':
        await resume(api, out, target)
        return exitCodes.ok
      case 'actions':
        await actions(api, out, { host: f.host, limit: positiveInt('limit', f.limit), follow: f.follow, signal: io.signal })
        return exitCodes.ok
      case 'alerts':
        await alerts(api, out, { state: f.state, severity: f.severity, host: f.host, limit: positiveInt('limit', f.limit) })
        return exitCodes.ok
      case 'rules': {
        const [sub, file] = rest
        if (sub === 'export') {
          await exportRules(api, out, { version: positiveInt('version', f.version) })
          return exitCodes.ok
        }
        if (sub === 'diff') return await diffRules(api, out, file, { since: f.since })
        if (sub === 'apply') {
          await applyRules(api, out, file, { message: f.message, since: f.since })
          return exitCodes.ok
        }
        if (sub === 'replay') {
          await replayRulesFile(api, out, file, { since: f.since, selector: f.selector })
          return exitCodes.ok
        }
        throw new CliError(exitCodes.usage, `unknown rules subcommand ${JSON.stringify(sub ?? '')} (export, diff, apply, replay)`)
      }
      case 'tokens':
        await tokens(api, out, rest[0], rest.slice(1), { role: f.role })
        return exitCodes.ok
      default:
        throw new CliError(exitCodes.usage, `unknown command ${JSON.stringify(cmd)}; run scops --help`)
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`scops: ${err.message}\n`)
      return err.exitCode
    }
    io.stderr(`scops: unexpected error: ${(err as Error).stack ?? String(err)}\n`)
    return exitCodes.failed
  }
}
