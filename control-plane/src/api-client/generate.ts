import openapiTS, { astToString } from 'openapi-typescript'
import pino from 'pino'
import { buildApp } from '../app'
import { loadConfig } from '../config'
import { openDatabase } from '../db/client'
import { runMigrations } from '../db/migrate'

export const GENERATED_HEADER = '// Generated from the control plane\'s OpenAPI document by `pnpm api:client`. Do not edit.\n'

/** The OpenAPI document exactly as a control plane serves it at /api/v1/openapi.json. */
export async function servedDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase({ dataDir: 'memory://' })
  try {
    await runMigrations(database)
    const app = await buildApp(loadConfig({}, { port: 0, dataDir: 'memory://' }), { database, logger: pino({ level: 'silent' }) })
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
      if (res.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.statusCode}`)
      return res.json()
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
  }
}

/** TypeScript types (`paths`, `components`, `operations`) for openapi-fetch, from a document. */
export async function clientTypes(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as never, { alphabetize: true })
  return GENERATED_HEADER + astToString(ast)
}
