import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The checked-in Grafana dashboard and the PromQL of every panel. */
export const dashboardPath = fileURLToPath(new URL('../../deploy/grafana/smartcloudops-fleet.json', import.meta.url))

export interface DashboardPanel {
  id: number
  type: string
  title: string
  gridPos: { h: number; w: number; x: number; y: number }
  datasource?: { type: string; uid: string }
  targets?: Array<{ refId: string; expr: string; datasource?: { type: string; uid: string } }>
}

export function loadDashboard(): { uid: string; title: string; schemaVersion: number; panels: DashboardPanel[]; templating: { list: Array<{ name: string; type: string }> } } {
  return JSON.parse(readFileSync(dashboardPath, 'utf8'))
}

export function dashboardExpressions(): string[] {
  return loadDashboard().panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr))
}

/** Metric names an expression refers to (ours and the process metrics), histogram suffixes kept. */
export function seriesNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:scops|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)
}
