import type { Handler } from './context'

/** Coalesced with other hosts' acks and written in one statement (see AckWriter). */
export const onDesiredStateAck: Handler<'desired_state.ack'> = async (ctx, session, m) => {
  ctx.acks.add(session.hostId, m.payload)
}
