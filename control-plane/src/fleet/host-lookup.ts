import type { Db } from '../db/client'
import { findHostsByHostname, getHost } from '../db/queries/hosts'
import type { HostRow } from '../db/schema'
import { ApiError, notFound } from '../http/errors'

/**
 * A host named the way people name it: its id, or its hostname when no host has that id. A hostname
 * that several enrolled hosts share is refused (409) with their ids, never resolved to one of them.
 */
export async function lookupHost(db: Db, idOrHostname: string): Promise<HostRow> {
  const byId = await getHost(db, idOrHostname)
  if (byId) return byId
  const named = await findHostsByHostname(db, idOrHostname)
  if (named.length === 1) return named[0]!
  if (named.length > 1) {
    throw new ApiError(409, 'ambiguous_hostname', `${named.length} enrolled hosts are named ${JSON.stringify(idOrHostname)} (${named.map((h) => h.id).join(', ')}); use the host id`)
  }
  throw notFound('host', idOrHostname)
}
