import type { Config } from './config'
import { buildApp } from './app'
import { prepareStorage } from './bootstrap'
import { startHistoryMaintenance } from './db/history-maintenance'
import type { App } from './http/types'

export interface RunningServer {
  app: App
  url: string
  createdAdminToken?: string
  close(): Promise<void>
}

/** Prepares storage, builds the app and listens; also runs the metrics history maintenance (day partitions, retention). */
export async function startServer(config: Config): Promise<RunningServer> {
  const { database, createdAdminToken } = await prepareStorage(config)
  const app = await buildApp(config, { database })
  const retention = startHistoryMaintenance(database.db, {
    retentionDays: config.retentionDays,
    log: app.log,
    onDropped: (n) => app.metrics.historyPartitionsDropped.inc(n),
  })
  try {
    await app.listen({ host: config.host, port: config.port, backlog: config.listenBacklog })
  } catch (err) {
    retention.stop()
    await retention.running
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
      retention.stop()
      await retention.running
      await app.close()
      await database.close()
    },
  }
}
