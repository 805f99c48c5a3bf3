import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import pino from 'pino'
import { expect, it } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { ContainerWatch } from './watch'

// No engine needed: the socket does not exist, so every attempt fails with docker_unreachable.
it('a host without Docker warns once, and logs its retries at debug', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scops-nodocker-log-'))
  const lines: Array<{ level: number; msg: string; code?: string }> = []
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  const watch = new ContainerWatch({ docker: new Docker({ socketPath: join(dir, 'docker.sock') }), log })
  try {
    watch.start()
    // three attempts: the first, and two retries after the 1 s and 2 s backoff
    await waitFor(() => lines.filter((l) => l.code === 'docker_unreachable').length >= 3, { description: 'three failed attempts', timeoutMs: 30_000 })
    const attempts = lines.filter((l) => l.code === 'docker_unreachable')
    expect(attempts[0]).toMatchObject({ level: 40, msg: 'docker engine unreachable; container metrics missing until it answers' })
    expect(attempts.slice(1).map((l) => l.level)).toEqual(attempts.slice(1).map(() => 20))
  } finally {
    await watch.close()
    await rm(dir, { recursive: true, force: true })
  }
})
