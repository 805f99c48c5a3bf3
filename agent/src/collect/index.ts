export * from './types'
export { runCollectors } from './runner'
export { createCollectors, collectorFactories, type CollectorOptions } from './registry'
export type { Probe } from './probes'
