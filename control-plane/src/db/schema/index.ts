export * from './hosts'
export * from './credentials'
export * from './rules'
export * from './events'
