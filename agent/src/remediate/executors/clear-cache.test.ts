import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePolicy } from '../policy'
import { runAction } from '../run-action'
import { testExecContext } from '../../../test-support/test-context'

describe('clear_cache: page cache', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scops-dropcache-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes "1" to drop_caches (a stand-in file here) when local policy allows it', async () => {
    const path = join(dir, 'drop_caches')
    await writeFile(path, '')
    const policy = parsePolicy('actions:\n  clear_cache: { page_cache: true }\n', 'p.yaml')
    const r = await runAction(testExecContext({ policy, dropCachesPath: path }), { type: 'clear_cache', params: {} })
    expect(r).toMatchObject({ ok: true, target: 'page_cache' })
    expect(await readFile(path, 'utf8')).toBe('1')
  })

  it('is refused without page_cache: true and leaves the file alone', async () => {
    const path = join(dir, 'untouched')
    await writeFile(path, '')
    const policy = parsePolicy('actions:\n  clear_cache: {}\n', 'p.yaml')
    const r = await runAction(testExecContext({ policy, dropCachesPath: path }), { type: 'clear_cache', params: {} })
    expect(r).toMatchObject({ ok: false, error: { code: 'policy_refused' } })
    expect(await readFile(path, 'utf8')).toBe('')
  })

  it('reports a path it cannot write as a structured, non-retryable failure', async () => {
    const policy = parsePolicy('actions:\n  clear_cache: { page_cache: true }\n', 'p.yaml')
    const r = await runAction(testExecContext({ policy, dropCachesPath: join(dir, 'no', 'such', 'dir') }), { type: 'clear_cache', params: {} })
    expect(r).toMatchObject({ ok: false, retryable: false, error: { code: 'page_cache_failed' } })
    expect(r.error?.message).toContain('ENOENT')
  })
})
