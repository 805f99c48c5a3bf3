import type { Config } from './config'
import { buildApp } from './app'
import { prepareStorage } from './bootstrap'
import { deleteOlderThan } from './db/queries/ingest'
import type { App } from './http/types'

export interface RunningServer {
  app: App
  url: string
  createdAdminToken?: string
  close(): Promise<void>
}

/** Prepares storage, builds the app and listens; also runs the metrics retention job. */
export async function startServer(config: Config): Promise<RunningServer> {
  const { database, createdAdminToken } = await prepareStorage(config)
  const app = await buildApp(config, { database })
  const retention = setInterval(() => {
    const before = new Date(Date.now() - config.retentionDays * 86_400_000)
    deleteOlderThan(database.db, before)
      .then((n) => app.log.info({ deleted: n }, 'retention: old samples deleted'))
      .catch((err) => app.log.error({ err }, 'retention job failed'))
  }, 3_600_000)
  retention.unref()
  try {
    await app.listen({ host: config.host, port: config.port, backlog: config.listenBacklog })
  } catch (err) {
    clearInterval(retention)
    await app.close()
    await database.close()
    throw err
  }
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const scheme = config.tlsCertPath ? 'https' : 'http'
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    app,
    url: `${scheme}://${host}:${port}`,
    createdAdminToken,
    async close() {
      clearInterval(retention)
      await app.close()
      await database.close()
    },
  }
}
