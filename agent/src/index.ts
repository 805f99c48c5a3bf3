// The agent package's public surface: what test suites and benchmarks use.
export { loadConfig, ConfigError, type AgentConfig } from './config'
export { startAgent, resolvePolicy, AGENT_VERSION, type AgentHandle } from './main'
export { Outbox, type OutboxEntry } from './link/outbox'
export { AgentLink } from './link/connection'
export { AgentRuntime, type CycleReport } from './loop/runtime'
