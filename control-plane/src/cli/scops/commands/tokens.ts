import { call, type Api } from '../api'
import { CliError, exitCodes } from '../exit-codes'
import { table, type Out } from '../output'

const roles = ['viewer', 'operator', 'admin'] as const

export async function tokens(api: Api, out: Out, sub: string | undefined, args: string[], o: { role?: string }): Promise<void> {
  if (sub === undefined || sub === 'list') {
    const list = await call(api, 'tokens', api.client.GET('/api/v1/tokens', {}))
    if (out.json) return out.write(JSON.stringify(list, null, 2) + '\n')
    out.write(table(list.map((t) => [t.id, t.name, t.role, t.createdAt, t.lastUsedAt, t.revokedAt ? `revoked ${t.revokedAt}` : 'active']), ['ID', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'STATE']))
    return
  }
  if (sub === 'create') {
    const name = args[0]
    const role = o.role as (typeof roles)[number] | undefined
    if (!name || !role || !roles.includes(role)) throw new CliError(exitCodes.usage, 'usage: scops tokens create <name> --role viewer|operator|admin')
    const t = await call(api, 'create token', api.client.POST('/api/v1/tokens', { body: { name, role } }))
    if (out.json) return out.write(JSON.stringify(t, null, 2) + '\n')
    out.write(`created ${t.role} token ${t.id}; it is shown only now:\n${t.token}\n`)
    return
  }
  if (sub === 'revoke') {
    const id = args[0]
    if (!id) throw new CliError(exitCodes.usage, 'usage: scops tokens revoke <token id> (ids: scops tokens list)')
    const r = await call(api, `revoke token ${id}`, api.client.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }))
    if (out.json) return out.write(JSON.stringify(r, null, 2) + '\n')
    out.write(`revoked ${r.id}\n`)
    return
  }
  throw new CliError(exitCodes.usage, `unknown tokens subcommand "${sub}" (list, create, revoke)`)
}
