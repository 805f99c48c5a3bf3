/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import pino from 'pino'
import { buildApp, type AppDeps } from '../src/app'
import { loadConfig, type Config } from '../src/config'
import type { Database } from '../src/db/client'
import { createApiToken, ensureAdminToken } from '../src/db/queries/tokens'
import { ensureDefaultRuleset } from '../src/fleet/rules-service'
import type { App } from '../src/http/types'

export interface TestApp {
  app: App
  admin: string
  operator: string
  viewer: string
  /** inject() with the admin token unless another is given. */
  call(method: string, url: string, body?: unknown, token?: string | null): Promise<{ status: number; json: any }>
}

/** An app over an open, migrated database, with one token of each role. */
export async function createTestApp(database: Database, overrides: Partial<Config> = {}, deps: Pick<AppDeps, 'delivery' | 'rollouts'> = {}): Promise<TestApp> {
  await ensureDefaultRuleset(database.db)
  const admin = (await ensureAdminToken(database.db)).created ?? (await createApiToken(database.db, { name: 'test admin', role: 'admin', createdBy: 'test' })).token
  const operator = (await createApiToken(database.db, { name: 'test operator', role: 'operator', createdBy: 'test' })).token
  const viewer = (await createApiToken(database.db, { name: 'test viewer', role: 'viewer', createdBy: 'test' })).token
  const config = loadConfig({}, { port: 0, dataDir: 'memory://', heartbeatIntervalS: 1, ...overrides })
  const app = await buildApp(config, { database, logger: pino({ level: process.env.SCOPS_TEST_LOG ?? 'silent' }), ...deps })
  return {
    app,
    admin,
    operator,
    viewer,
    async call(method, url, body, token = admin) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(body === undefined ? {} : typeof body === 'string' ? { payload: body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' } } : { payload: body as object }),
      })
      let json: any
      try {
        json = res.json()
      } catch {
        json = res.body
      }
      return { status: res.statusCode, json }
    },
  }
}
