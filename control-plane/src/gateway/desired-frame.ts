import type { DesiredState } from '@smartcloudops/shared'
import { encodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import { PROTOCOL_VERSION } from '@smartcloudops/shared/protocol/envelope'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { textLimits } from '@smartcloudops/shared/protocol/limits'

/** Builds the desired_state frame of one host; shared by every host whose snapshot is the same. */
export type DesiredFrame = (hostId: string) => string

/**
 * The desired_state frames of many hosts with one snapshot content: the content is validated and
 * serialised once (through the shared codec, with the first host's id), and each host's frame is
 * that text with its own envelope id, time and host id spliced in. Encoding 10,000 snapshots one
 * by one, each with full schema validation, took longer than sending them. Host ids are ours
 * (`host_…`); desired-frame.test.ts decodes spliced frames with the agent's decoder.
 */
export function desiredStateFrames(content: Omit<DesiredState, 'host_id' | 'revision'>, revision: number, opts: { maxBytes: number; sampleHostId: string }): DesiredFrame {
  const sample = encodeServerMessage('desired_state', { host_id: opts.sampleHostId, revision, ...content }, { maxBytes: opts.maxBytes })
  // Everything after `"revision":N,` in the payload is the shared content.
  const body = JSON.stringify({ ...content, host_id: undefined, revision: undefined }).slice(1)
  const head = `{"v":${PROTOCOL_VERSION},"type":"desired_state","id":"`
  const maxHostId = Math.min(textLimits.id, opts.maxBytes - Buffer.byteLength(sample) + opts.sampleHostId.length)
  return (hostId) => {
    // Our ids are short ASCII; any other goes through the codec (which refuses what does not fit).
    if (hostId.length === 0 || hostId.length > maxHostId || !/^[\x20-\x7e]*$/.test(hostId)) return encodeServerMessage('desired_state', { host_id: hostId, revision, ...content }, { maxBytes: opts.maxBytes })
    return `${head}${newMessageId()}","ts":${Date.now()},"payload":{"host_id":${JSON.stringify(hostId)},"revision":${revision},${body}}`
  }
}
