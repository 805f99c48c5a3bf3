import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type BuildSerializer = ReturnType<typeof SerializerSelector>

/**
 * Fastify's response serializers (fast-json-stringify), each compiled on its route's first reply
 * instead of at start-up. Compiling every route's response schemas was the largest part of the
 * control plane's start (fast-json-stringify and its schema checks: ~6 s of the 28 s sampled by
 * --cpu-prof until the restarted process answered in `pnpm bench:fanout`; buildApp + ready took
 * 4.6 s of CPU eager, 0.7 s lazy, same window, 2026-12-02), and a restart is when 10,000 agents
 * wait for the process to listen; agents use the WebSocket, which no response schema serves.
 * Every route's serializer is still built and exercised by the route tests.
 */
export const lazySerializers: BuildSerializer = (externalSchemas, serializerOpts) => {
  const compile = SerializerSelector()(externalSchemas, serializerOpts)
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data: unknown) => (serialize ??= compile(route) as (data: unknown) => string)(data)
  }
}
