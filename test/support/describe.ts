import { describe, test } from 'vitest'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import {
  DOCKER_HOWTO,
  POSTGRES_HOWTO,
  REQUIRE_DOCKER_ENV,
  REQUIRE_POSTGRES_ENV,
  dockerAvailable,
  dockerMissingReason,
  dockerRequired,
  postgresAvailable,
  postgresMissingReason,
  postgresRequired,
} from './env'

interface Component {
  name: string
  requireEnv: string
  reason: () => string
  howto: string
  required: () => boolean
}

const announced = new Set<string>()

function suiteName(name: unknown): string {
  return typeof name === 'function' ? name.name : String(name)
}

/**
 * A `describe` for a component that is absent: skipped suites (tests listed as skipped), or, when
 * the component is required, one failing test per suite naming what is missing. Every chained
 * form (`.concurrent`, `.sequential`, `.only`, `.each(table)`, `.skipIf(c)`, ...) behaves the same;
 * `.skip` and `.todo` keep their meaning.
 */
function absentDescribe(component: Component): typeof describe {
  const message = `${component.name} is not available: ${component.reason()}. To get it: ${component.howto}.`
  const define = (args: unknown[]) => {
    const [name, ...rest] = args
    const label = `${suiteName(name)} [needs ${component.name}]`
    if (component.required()) {
      describe(label, () => {
        test(`${component.name} is required (${component.requireEnv}=1)`, () => {
          throw new Error(message)
        })
      })
      return
    }
    if (!announced.has(component.name)) {
      announced.add(component.name)
      console.warn(`[test-support] skipping ${component.name} suites: ${message}`)
    }
    ;(describe.skip as (...a: unknown[]) => unknown)(label, ...rest)
  }
  const proxy: unknown = new Proxy(function absent() {}, {
    apply: (_target, _this, args: unknown[]) => define(args),
    get: (_target, prop) => {
      if (prop === 'skip' || prop === 'todo') return describe[prop]
      if (prop === 'each' || prop === 'for' || prop === 'skipIf' || prop === 'runIf') return () => proxy
      return proxy
    },
  })
  return proxy as typeof describe
}

const postgres: Component = {
  name: 'PostgreSQL',
  requireEnv: REQUIRE_POSTGRES_ENV,
  reason: postgresMissingReason,
  howto: POSTGRES_HOWTO,
  required: postgresRequired,
}

const docker: Component = {
  name: 'Docker',
  requireEnv: REQUIRE_DOCKER_ENV,
  reason: dockerMissingReason,
  howto: DOCKER_HOWTO,
  required: dockerRequired,
}

/** `describe` for suites that need the run's PostgreSQL (use createTestDatabase inside). */
export const describeWithPostgres: typeof describe = postgresAvailable() ? describe : absentDescribe(postgres)

/** `describe` for suites that need the Docker engine and the test image. */
export const describeWithDocker: typeof describe = dockerAvailable() ? describe : absentDescribe(docker)

/** Where an executable is on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name)
    if (dir && existsSync(p)) return p
  }
  return undefined
}

/**
 * `describe` for suites that run a system tool (promtool, prometheus, prometheus-alertmanager):
 * skipped with a message naming the Debian package when absent, a failure under SCOPS_REQUIRE_TOOLS=1 (CI).
 */
export function describeWithTool(tool: string, debianPackage: string): typeof describe {
  if (findTool(tool)) return describe
  return absentDescribe({
    name: tool,
    requireEnv: 'SCOPS_REQUIRE_TOOLS',
    reason: () => `${tool} is not on PATH`,
    howto: `apt-get install ${debianPackage}`,
    required: () => process.env.SCOPS_REQUIRE_TOOLS === '1',
  })
}
