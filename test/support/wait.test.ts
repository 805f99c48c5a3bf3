import { createServer } from 'node:net'
import { describe, expect, test } from 'vitest'
import { freePort } from './ports'
import { waitFor } from './wait'

describe('waitFor', () => {
  test('returns the first truthy value once the condition holds', async () => {
    let calls = 0
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 })
    expect(value).toEqual({ calls: 3 })
  })

  test('treats a throwing predicate as not yet, and names the condition and last error on timeout', async () => {
    const started = Date.now()
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused')
        },
        { timeoutMs: 100, intervalMs: 10, description: 'the server answering' },
      ),
    ).rejects.toThrow(/the server answering did not hold within 100 ms: last error: connection refused/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })
})

describe('freePort', () => {
  test('returns a port a server can bind on 127.0.0.1', async () => {
    const port = await freePort()
    expect(port).toBeGreaterThan(0)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })
})
