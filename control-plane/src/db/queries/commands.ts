import { and, eq } from 'drizzle-orm'
import type { CommandResult } from '@smartcloudops/shared'
import type { Db } from '../client'
import { commands } from '../schema'

export async function insertCommand(
  db: Db,
  c: { id: string; hostId: string; name: string; args: Record<string, unknown> | undefined; requestedBy: string },
): Promise<void> {
  await db.insert(commands).values({ id: c.id, hostId: c.hostId, name: c.name, args: c.args ?? null, requestedBy: c.requestedBy })
}

/** Records a command's result; only the host the command was sent to can answer it. */
export async function recordCommandResult(db: Db, hostId: string, r: CommandResult): Promise<void> {
  await db
    .update(commands)
    .set({ ok: r.ok, error: r.error ?? null, result: (r.result ?? null) as never, completedAt: new Date() })
    .where(and(eq(commands.id, r.command_id), eq(commands.hostId, hostId)))
}
