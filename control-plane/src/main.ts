import { ConfigError, loadConfig } from './config'
import { startServer } from './server'

// Entry point: `node --import tsx control-plane/src/main.ts` (root `pnpm start:control-plane`; the quickstart starts it the same way). Prints for people, then logs JSON.
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  const server = await startServer(config)
  const lines = [
    `SmartCloudOps control plane on ${config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`}`,
    `  API:      ${server.url}/api/v1`,
    `  Docs:     ${server.url}/docs`,
    `  OpenAPI:  ${server.url}/api/v1/openapi.json`,
    `  Agents:   ${server.url.replace(/^http/, 'ws')}/api/v1/agent/ws`,
  ]
  if (server.createdAdminToken) {
    lines.push('', `  Admin token (shown once, store it now): ${server.createdAdminToken}`)
  }
  process.stdout.write(`${lines.join('\n')}\n\n`)
  const shutdown = (signal: string) => {
    server.app.log.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  process.stderr.write(`control plane failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
