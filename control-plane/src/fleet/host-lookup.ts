import type { Db } from '../db/client'
import { hostWithNewestSample, type SampleRow } from '../db/queries/host-detail'
import { listSamples } from '../db/queries/history'
import { findHostsByHostname, getHost } from '../db/queries/hosts'
import type { HostRow } from '../db/schema'
import { ApiError, notFound } from '../http/errors'

/**
 * A host named the way people name it: its id, or its hostname when no host has that id. A hostname
 * that several enrolled hosts share is refused (409) with their ids, never resolved to one of them.
 */
export async function lookupHost(db: Db, idOrHostname: string): Promise<HostRow> {
  return (await getHost(db, idOrHostname)) ?? byHostname(db, idOrHostname)
}

/** As lookupHost, with the host's newest sample (the drill-down): one statement for a host id. */
export async function lookupHostWithNewestSample(db: Db, idOrHostname: string): Promise<{ host: HostRow; newest: SampleRow | undefined }> {
  const byId = await hostWithNewestSample(db, idOrHostname)
  if (byId) return byId
  const host = await byHostname(db, idOrHostname)
  const [newest] = await listSamples(db, { hostId: host.id, limit: 1 })
  return { host, newest }
}

async function byHostname(db: Db, hostname: string): Promise<HostRow> {
  const named = await findHostsByHostname(db, hostname)
  if (named.length === 1) return named[0]!
  if (named.length > 1) {
    throw new ApiError(409, 'ambiguous_hostname', `${named.length} enrolled hosts are named ${JSON.stringify(hostname)} (${named.map((h) => h.id).join(', ')}); use the host id`)
  }
  throw notFound('host', hostname)
}
