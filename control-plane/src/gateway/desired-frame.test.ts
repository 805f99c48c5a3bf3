import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { decodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import { ProtocolError } from '@smartcloudops/shared/protocol/errors'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'
import type { DesiredState } from '@smartcloudops/shared'
import { desiredStateFrames } from './desired-frame'

const content: Omit<DesiredState, 'host_id' | 'revision'> = {
  ruleset: { version: 3, rules: [...defaultRules] },
  remediation_enabled: true,
  override: { mode: 'paused', scope: 'fleet', override_id: 'ovr_1', reason: 'incident "42" \\ é', author: 'ops' },
  config: { interval_s: 30, buffer_size: 10, monitoring: true, verify_window: '60s', action_timeout: '30s' },
  model: { version: 'm-1', sha256: 'b'.repeat(64), size: 100, url: '/api/v1/agents/models/m-1' },
}

describe('shared desired-state frames', () => {
  test('each host frame is what the agent decoder accepts: its own id, the revision, the shared content, a fresh envelope id', () => {
    const frame = desiredStateFrames(content, 41, { maxBytes: 1024 * 1024, sampleHostId: 'host_01' })
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (hostId) => {
        const a = decodeServerMessage(frame(hostId))
        const b = decodeServerMessage(frame(hostId))
        expect(a.ok && b.ok).toBe(true)
        if (!a.ok || !b.ok) return
        expect(a.message.type).toBe('desired_state')
        expect(a.message.payload).toEqual({ host_id: hostId, revision: 41, ...content })
        expect(a.message.id).not.toBe(b.message.id)
      }),
      { numRuns: 500 },
    )
  })

  test('content that cannot be sent is refused once, when the frames are prepared', () => {
    expect(() => desiredStateFrames(content, 1, { maxBytes: 500, sampleHostId: 'host_01' })).toThrow(ProtocolError)
    expect(() => desiredStateFrames({ ...content, config: { ...content.config, interval_s: 0 } }, 1, { maxBytes: 1024 * 1024, sampleHostId: 'host_01' })).toThrow(ProtocolError)
  })
})
