import { type Command, type CommandResult, MetricValues } from '@smartcloudops/shared'
import { Compile } from 'typebox/compile'

const checkMetrics = Compile(MetricValues)

type Outcome = Omit<CommandResult, 'command_id'>

/** What the commands act on: the runtime. */
export interface CommandTarget {
  runCycle(reason: 'trigger'): Promise<unknown>
  setMonitoring(on: boolean): void
  test(metrics: MetricValues | undefined): Promise<Outcome>
}

/**
 * The control plane's commands: `trigger` (one cycle now), `start_monitoring` / `stop_monitoring`
 * (until the next desired state from the control plane), `test` (see ./self-test.ts). Arguments
 * come from the network: checked here, and a bad one answers with a message naming it.
 */
export async function handleCommand(cmd: Command, target: CommandTarget): Promise<Outcome> {
  switch (cmd.name) {
    case 'trigger':
      return { ok: true, result: await target.runCycle('trigger') }
    case 'start_monitoring':
      target.setMonitoring(true)
      return { ok: true, result: { monitoring: true } }
    case 'stop_monitoring':
      target.setMonitoring(false)
      return { ok: true, result: { monitoring: false } }
    case 'test': {
      const metrics = cmd.args?.['metrics']
      if (metrics === undefined) return target.test(undefined)
      if (!checkMetrics.Check(metrics)) return { ok: false, error: 'args.metrics must be an object of metric name → number' }
      return target.test(metrics)
    }
    default:
      return { ok: false, error: `unknown command ${JSON.stringify((cmd as { name: string }).name)}` }
  }
}
