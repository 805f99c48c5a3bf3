#!/usr/bin/env tsx
import { ConfigError, loadConfig } from '../config'
import { PolicyError } from '../remediate/policy'
import { StateLockError } from '../link/state-lock'
import { startAgent } from '../main'

/**
 * scops-agent run [--config FILE] [--control-plane URL --enrollment-token T ...]
 *
 * Exit codes: 0 clean shutdown (SIGTERM/SIGINT), 1 unexpected failure, 2 bad configuration or
 * local policy (the message names the key), 3 state directory in use by another agent,
 * 4 the control plane decommissioned this host (do not restart), 64 bad usage.
 */

const EXIT_DECOMMISSIONED = 4

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
  return new Promise<number>((resolve) => {
    let signals = 0
    const onSignal = (sig: NodeJS.Signals) => {
      signals++
      if (signals > 1) {
        agent.log.warn({ signal: sig }, 'second signal: exiting now')
        resolve(1)
        return
      }
      agent.log.info({ signal: sig }, 'signal received')
      agent.stop().then(
        () => resolve(0),
        (err) => {
          agent.log.error({ err }, 'error during shutdown')
          resolve(1)
        },
      )
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
    void agent.decommissioned.then(async () => {
      // The link already logged why; stop acting at once and tell systemd not to restart us.
      await agent.stop().catch((err: unknown) => agent.log.error({ err }, 'error during shutdown'))
      resolve(EXIT_DECOMMISSIONED)
    })
    // An upgrade: exit 0 into the new release, or 75 when a new version could not connect in time
    // (the launcher then restores the previous one). Either way the supervisor starts us again.
    void agent.exitRequested.then(async (code) => {
      await agent.stop().catch((err: unknown) => agent.log.error({ err }, 'error during shutdown'))
      resolve(code)
    })
  })
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error('scops-agent: fatal:', err)
    process.exit(1)
  },
)
