import { agentMessages, type AgentMessageType, type AgentPayload } from './agent-messages'
import type { MessageId } from './envelope'
import { serverMessages, type ServerMessageType, type ServerPayload } from './server-messages'

/** One decoded frame: the envelope with its payload typed by `type`. */
export interface TypedEnvelope<T extends string, P> {
  v: number
  type: T
  id: MessageId
  /** Sender's clock, ms since the Unix epoch. */
  ts: number
  payload: P
}

/** Agent → control plane; `switch (m.type)` narrows `m.payload`. */
export type AgentMessage = { [T in AgentMessageType]: TypedEnvelope<T, AgentPayload<T>> }[AgentMessageType]
export type AgentMessageOf<T extends AgentMessageType> = Extract<AgentMessage, { type: T }>

/** Control plane → agent; `switch (m.type)` narrows `m.payload`. */
export type ServerMessage = { [T in ServerMessageType]: TypedEnvelope<T, ServerPayload<T>> }[ServerMessageType]
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>

export const agentMessageTypes = Object.keys(agentMessages) as AgentMessageType[]
export const serverMessageTypes = Object.keys(serverMessages) as ServerMessageType[]

export function isAgentMessageType(type: string): type is AgentMessageType {
  return Object.hasOwn(agentMessages, type)
}

export function isServerMessageType(type: string): type is ServerMessageType {
  return Object.hasOwn(serverMessages, type)
}
