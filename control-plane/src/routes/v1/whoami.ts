import { Success, errorResponses, ok } from '../../http/envelope'
import { Principal, ref } from '../../http/schemas'
import type { App } from '../../http/types'

/** Who the token is: the console signs in with it and shows only what the role may do. */
export function whoamiRoutes(app: App): void {
  app.get(
    '/auth/whoami',
    { config: { role: 'viewer' }, schema: { tags: ['auth'], summary: 'The API token in use: its name and role', response: { 200: Success(ref(Principal)), ...errorResponses } } },
    async (req) => ok({ token_id: req.principal!.tokenId, name: req.principal!.name, role: req.principal!.role }),
  )
}
