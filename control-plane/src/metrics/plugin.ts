import type { App } from '../http/types'
import type { ControlPlaneMetrics } from './registry'

/**
 * Serves `/metrics` in the Prometheus text format, for a viewer token (Prometheus sends it with
 * `authorization: {credentials: …}` in its scrape config), and times every API request by its
 * route pattern (`/api/v1/hosts/:id`, never the URL, so cardinality stays bounded).
 */
export function installMetrics(app: App, metrics: ControlPlaneMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    metrics.httpDuration.observe({ method: req.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000)
  })
  app.get('/metrics', { config: { role: 'viewer' }, schema: { hide: true } }, async (_req, reply) => {
    const body = await metrics.registry.metrics()
    return reply.type(metrics.registry.contentType).send(body)
  })
}
