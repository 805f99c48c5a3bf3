import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { App } from './types'

/** Where `pnpm build:console` writes the console (control-plane/dist/console). */
export const defaultConsoleDir = fileURLToPath(new URL('../../dist/console', import.meta.url))

/**
 * The web console at `/`: static files, no secrets in them (the token is typed in and kept in the
 * browser's sessionStorage), so public. A checkout where it was never built answers `/` with a 503
 * that says how to build it, rather than a bare 404.
 */
export async function installConsole(app: App, dir = defaultConsoleDir): Promise<void> {
  await app.register(async (ui) => {
    ui.addHook('onRoute', (route) => {
      route.config = { ...route.config, role: 'public' }
      route.schema = { ...route.schema, hide: true }
    })
    if (existsSync(`${dir}/index.html`)) {
      await ui.register(fastifyStatic, { root: dir, prefix: '/', index: 'index.html', wildcard: false, cacheControl: false })
    } else {
      ui.get('/', async (_req, reply) =>
        reply.status(503).type('text/plain; charset=utf-8').send('The web console is not built: run `pnpm build:console` (pnpm start does it), then reload.\n'),
      )
    }
  })
}
