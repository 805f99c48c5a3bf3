import type { Role } from '../db/schema'

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

/** viewer < operator < admin: a role grants everything the roles below it grant. */
export function roleAllows(have: Role, need: Role): boolean {
  return rank[have] >= rank[need]
}
