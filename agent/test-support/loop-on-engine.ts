import type Docker from 'dockerode'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { testDocker } from '@smartcloudops/test-support'
import { allowedBy } from '../src/remediate/allowed-by'
import type { LocalPolicy } from '../src/remediate/policy'
import { runAction } from '../src/remediate/run-action'
import type { RuntimeParts } from '../src/loop/parts'
import { cleanupLoopHarness } from './loop-harness'
import { testContainers, type TestContainers } from './test-containers'
import { testExecContext } from './test-context'

/**
 * What every suite that runs the loop against the test engine sets up, called inside a
 * `describeWithDocker`: the engine, this file's test containers (removed after the suite) and the
 * loop harness's state directories (removed after each test). `tc` is ready from the first test.
 */
export function loopOnTestEngine(): { docker: Docker; readonly tc: TestContainers } {
  const docker = testDocker()
  let tc: TestContainers | undefined
  beforeAll(() => {
    tc = testContainers(docker)
  })
  afterEach(cleanupLoopHarness)
  afterAll(() => tc?.cleanup())
  return {
    docker,
    get tc() {
      if (!tc) throw new Error('test containers exist from the first test on (beforeAll)')
      return tc
    },
  }
}

/** The loop's policy check and executors, real, on `docker` under `policy`: the harness parts for them. */
export function realActionParts(docker: Docker, policy: LocalPolicy): Pick<RuntimeParts, 'allowedBy' | 'runAction'> {
  const ctx = testExecContext({ policy, docker })
  return { allowedBy: (spec, signal) => allowedBy(ctx, spec, signal), runAction: (spec, o) => runAction(ctx, spec, o) }
}
