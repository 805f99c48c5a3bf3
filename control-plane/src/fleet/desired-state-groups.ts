import { contentHash, desiredContent, hostsNamedBy, sharedContentKey, type DesiredContent, type FleetInputs, type HostInputs } from './desired-state'

/** What the pusher needs of a host row to tell whether its snapshot changed. */
export interface DesiredHost extends HostInputs {
  desiredHash: string | null
  desiredRevision: number
}

/** Hosts that get the same snapshot content (all but `host_id`), with its hash. */
export interface SnapshotGroup {
  hash: string
  /** The content with `host_id` left empty: each host's frame puts its own id in. */
  content: DesiredContent
  hosts: DesiredHost[]
}

/**
 * Groups hosts by the snapshot they should run, computing and hashing each distinct content once:
 * in a fleet-wide pause nearly every host gets the same snapshot, so 10,000 hosts cost a handful
 * of computations instead of 10,000 (a sha256 of a whole ruleset each). Hosts the fleet inputs
 * name by id are computed on their own. Pure; `now` decides which overrides have expired.
 */
export function groupSnapshots(fleet: FleetInputs, hosts: readonly DesiredHost[], now = Date.now()): SnapshotGroup[] {
  const named = hostsNamedBy(fleet)
  const byKey = new Map<string, SnapshotGroup>()
  const byHash = new Map<string, SnapshotGroup>()
  for (const host of hosts) {
    const key = named.has(host.id) ? undefined : sharedContentKey(host, fleet)
    let group = key === undefined ? undefined : byKey.get(key)
    if (!group) {
      const content = { ...desiredContent(fleet, host, now), host_id: '' }
      const hash = contentHash(content)
      // Two keys (or a named host) may still come to the same content: one group per hash.
      group = byHash.get(hash)
      if (!group) {
        group = { hash, content, hosts: [] }
        byHash.set(hash, group)
      }
      if (key !== undefined) byKey.set(key, group)
    }
    group.hosts.push(host)
  }
  return [...byHash.values()]
}
