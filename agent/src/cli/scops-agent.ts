#!/usr/bin/env tsx
import { ConfigError, loadConfig } from '../config'
import { PolicyError } from '../remediate/policy'
import { StateLockError } from '../link/state-lock'
import { startAgent } from '../main'
import { runUntilExit } from './run-until-exit'

/**
 * scops-agent run [--config FILE] [--control-plane URL --enrollment-token T ...]
 *
 * Exit codes: 0 clean shutdown (SIGTERM/SIGINT), 1 unexpected failure, 2 bad configuration or
 * local policy (the message names the key), 3 state directory in use by another agent,
 * 4 the control plane decommissioned this host (do not restart), 64 bad usage, 70 a monitoring
 * cycle was stuck for `stall_timeout` (restart: agent/src/loop/stall-watchdog.ts).
 */

const usage = `usage: scops-agent run [options]

options (each also settable as SCOPS_<NAME> in the environment or in the config file):
  --config FILE             agent config + local policy (default /etc/smartcloudops/agent.yaml)
  --control-plane URL       control plane base URL, e.g. https://scops.example.com
  --enrollment-token T      one-time enrollment token (used only when no credential is stored)
  --state-dir DIR           credential, cached desired state, outbox (default /var/lib/smartcloudops)
  --hostname NAME           override the host name reported to the control plane
  --label k=v               host label (repeatable)
  --interval 30s            pin the monitoring interval (1s..1h); default: control plane's
  --buffer-size N           pin the metrics buffer size; default: control plane's
  --docker-socket PATH      Docker engine socket (default /var/run/docker.sock)
  --policy-file FILE        local policy in its own file instead of the config's policy: section
  --log-level LEVEL         fatal|error|warn|info|debug|trace|silent
  --metrics-listen ADDR     serve Prometheus /metrics on ADDR (e.g. 127.0.0.1:9464); off by default
  --host-root DIR           read host metrics from DIR/proc (a container with the host's /proc at /host/proc: /host)
  --stall-timeout 120s      exit (code 70, to be restarted) when a monitoring cycle runs this long (30s..1h)
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage)
    return 0
  }
  if (command !== 'run') {
    process.stderr.write(`scops-agent: unknown command ${JSON.stringify(command ?? '')}\n\n${usage}`)
    return 64
  }
  let agent
  try {
    const cfg = loadConfig(rest)
    agent = await startAgent(cfg)
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PolicyError) {
      process.stderr.write(`scops-agent: invalid configuration: ${err.message}\n`)
      return 2
    }
    if (err instanceof StateLockError) {
      process.stderr.write(`scops-agent: ${err.message}\n`)
      return 3
    }
    throw err
  }
  return runUntilExit(agent, process)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error('scops-agent: fatal:', err)
    process.exit(1)
  },
)
