import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

interface TokenView {
  id: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** `GET /tokens` says when each token was last used: what an operator reads before revoking one. */
describeEachBackend('API token last use', (get) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(get())
    await t.app.ready()
  })
  afterAll(async () => {
    await t.app.close()
  })

  const listed = async (id: string): Promise<TokenView> => {
    const r = await t.call('GET', '/api/v1/tokens')
    expect(r.status).toBe(200)
    const token = (r.json.data as TokenView[]).find((x) => x.id === id)
    expect(token, id).toBeDefined()
    return token!
  }

  test('a new token shows no use; a request with it records one; a revoked token refused records none', async () => {
    const created = await t.call('POST', '/api/v1/tokens', { name: 'ci reader', role: 'viewer' })
    expect(created.status).toBe(201)
    const { id, token } = created.json.data as { id: string; token: string }
    expect((await listed(id)).lastUsedAt).toBeNull()

    expect((await t.call('GET', '/api/v1/hosts', undefined, token)).status).toBe(200)
    const used = await listed(id)
    expect(used.lastUsedAt).not.toBeNull()
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(used.createdAt))

    expect((await t.call('DELETE', `/api/v1/tokens/${id}`)).status).toBe(200)
    expect((await t.call('GET', '/api/v1/hosts', undefined, token)).status).toBe(401)
    expect((await listed(id)).lastUsedAt).toBe(used.lastUsedAt)
  })
})
