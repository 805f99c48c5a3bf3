import { isDeepStrictEqual } from 'node:util'
import Type from 'typebox'
import { AgentRuntimeConfig } from '@smartcloudops/shared'
import { badRequest } from '../http/errors'
import type { Target } from './targets'

const ConfigPatch = Type.Partial(AgentRuntimeConfig, { additionalProperties: false })

/**
 * PUT /integration/config takes either a patch (`{"interval_s": 15}`) or the document GET answers
 * (`{scope, config, host_patch?}`), so what a client read can be written back unchanged.
 */
export const ConfigPutBody = Type.Object(
  {
    ...Type.Partial(AgentRuntimeConfig).properties,
    scope: Type.Optional(Type.Union([Type.Literal('fleet'), Type.Literal('host')], { description: 'document form: as GET answers' })),
    config: Type.Optional(ConfigPatch),
    host_patch: Type.Optional(ConfigPatch),
  },
  { additionalProperties: false },
)
export type ConfigPutBody = Type.Static<typeof ConfigPutBody>

const documentKeys = ['scope', 'config', 'host_patch'] as const

/**
 * The patch a PUT body asks for. A document for a host keeps its host_patch and adds the fields of
 * `config` the caller changed from the current effective config; an unchanged document is an empty
 * patch (nothing to do), not an error.
 */
export function patchFromBody(
  body: ConfigPutBody,
  target: Target,
  current: { fleet: AgentRuntimeConfig; effective?: AgentRuntimeConfig },
): { patch: Partial<AgentRuntimeConfig>; document: boolean } {
  const { scope, config, host_patch, ...flat } = body
  const isDocument = documentKeys.some((k) => body[k] !== undefined)
  if (!isDocument) {
    if (Object.keys(flat).length === 0) throw badRequest('empty_config', 'send at least one setting, e.g. {"interval_s": 15}')
    return { patch: flat, document: false }
  }
  if (Object.keys(flat).length > 0) {
    throw badRequest('mixed_config', `give settings either at the top level or inside "config", not both (top level: ${Object.keys(flat).join(', ')})`)
  }
  const targetScope = target.scope === 'fleet' ? 'fleet' : target.scope === 'host' ? 'host' : 'group'
  if (scope !== undefined && scope !== targetScope) {
    throw badRequest('scope_mismatch', `the document is for scope "${scope}" but the request targets ${targetScope === 'group' ? 'a selector' : `scope "${targetScope}"`}; PUT it back with the query it was read with`)
  }
  if (target.scope === 'fleet') {
    if (host_patch !== undefined) throw badRequest('scope_mismatch', 'host_patch belongs to a host document; PUT it with ?host_id=')
    return { patch: config ?? {}, document: true }
  }
  const base = current.effective ?? current.fleet
  const edited = Object.fromEntries(Object.entries(config ?? {}).filter(([k, v]) => !isDeepStrictEqual(base[k as keyof AgentRuntimeConfig], v)))
  return { patch: { ...host_patch, ...edited }, document: true }
}
