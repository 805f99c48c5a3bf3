import type { RouteOptions } from 'fastify'

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')

/**
 * A stable operationId from method and path, for routes that do not name one:
 * `GET /api/v1/hosts/:id/metrics` → `getHostsMetricsById`. Generated clients and the OpenAPI
 * document name operations by it; the contract test checks they are unique.
 */
export function operationIdFor(method: string, url: string): string {
  const segments = url.replace(/^\/api\/v1\//, '').split('/').filter(Boolean)
  const params = segments.filter((s) => s.startsWith(':')).map((s) => s.slice(1))
  const words = segments.filter((s) => !s.startsWith(':'))
  return `${method.toLowerCase()}${words.map(pascal).join('')}${params.length ? `By${params.map(pascal).join('And')}` : ''}`
}

export function withOperationId(route: RouteOptions): void {
  if (!route.schema || (route.schema as { hide?: boolean }).hide) return
  const method = Array.isArray(route.method) ? route.method[0]! : route.method
  if (method === 'HEAD') return
  const schema = route.schema as { operationId?: string }
  schema.operationId ??= operationIdFor(method, route.url)
}
