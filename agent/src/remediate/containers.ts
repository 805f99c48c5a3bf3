import type Docker from 'dockerode'
import type { ContainerSelector } from '@smartcloudops/shared'

export interface ContainerRef {
  id: string
  name: string
  labels: Record<string, string>
  state: string
  created: number
}

/** "key=value" needs that value; a bare "key" needs the label with any value. */
export function hasLabels(labels: Record<string, string>, required: readonly string[]): boolean {
  return required.every((r) => {
    const i = r.indexOf('=')
    if (i === -1) return Object.hasOwn(labels, r)
    return labels[r.slice(0, i)] === r.slice(i + 1)
  })
}

function toRef(c: Docker.ContainerInfo): ContainerRef {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    labels: c.Labels ?? {},
    state: c.State,
    created: c.Created,
  }
}

/**
 * Containers matching a selector: the engine filters by label, and the exact name is checked here
 * (the engine's name filter matches substrings). Newest first.
 */
export async function findContainers(
  docker: Docker,
  selector: ContainerSelector,
  opts: { all: boolean; signal: AbortSignal },
): Promise<ContainerRef[]> {
  const labelFilters = Object.entries(selector.labels ?? {}).map(([k, v]) => `${k}=${v}`)
  const filters: Record<string, string[]> = {}
  if (labelFilters.length > 0) filters.label = labelFilters
  if (selector.name) filters.name = [selector.name]
  const list = await docker.listContainers({ all: opts.all, filters, abortSignal: opts.signal })
  return list
    .map(toRef)
    .filter((c) => !selector.name || c.name === selector.name)
    .filter((c) => hasLabels(c.labels, labelFilters))
    .sort((a, b) => b.created - a.created || b.name.localeCompare(a.name))
}

export const names = (cs: readonly ContainerRef[]): string => cs.map((c) => c.name).join(', ')
