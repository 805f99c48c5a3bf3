import postgres from 'postgres'
import { generateToken, hashToken, newId } from '@smartcloudops/control-plane/auth/tokens'
import { openDatabase } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { agentCredentials, hosts } from '@smartcloudops/control-plane/db/schema/index'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'
import type { SimAgentSpec } from './options'

/**
 * A fresh database on the cluster at `adminUrl`, migrated, with `n` hosts and their agent
 * credentials written in bulk: enrolling 10,000 agents through the rate-limited API is not what a
 * benchmark measures. `drop` removes the database again.
 */
export async function seedFleet(adminUrl: string, n: number): Promise<{ url: string; agents: SimAgentSpec[]; drop(): Promise<void> }> {
  const name = `scops_bench_${process.pid}_${Date.now()}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}" template template0`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const url = u.toString()
  const database = await openDatabase({ url })
  const agents: SimAgentSpec[] = []
  try {
    await runMigrations(database)
    await ensureDefaultRuleset(database.db)
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ id: newId('host'), hostname: `sim-${i + k}`, labels: { sim: 'fleet' } }))
      const creds = rows.map(() => generateToken('agent'))
      await database.db.insert(hosts).values(rows)
      await database.db.insert(agentCredentials).values(rows.map((r, k) => ({ id: newId('cred'), hostId: r.id, tokenHash: hashToken(creds[k]!) })))
      rows.forEach((r, k) => agents.push({ index: i + k, hostname: r.hostname, credential: creds[k]! }))
    }
  } finally {
    await database.close()
  }
  return {
    url,
    agents,
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`)
      await admin.end({ timeout: 1 })
    },
  }
}
