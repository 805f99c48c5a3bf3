import type { Handler } from './context'

export const onCommandResult: Handler<'command.result'> = async (ctx, session, m) => {
  await ctx.commandResult(session.hostId, m.payload)
}
