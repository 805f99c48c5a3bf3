import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// Bad rollout requests get a 400 (or 403/404/409) whose message names the field, never a 5xx.
// Validation happens before storage, so PGlite alone (the state machine suite runs both back-ends).

const pglite = backends[0]!

describe('rollouts API validation', () => {
  let t: TestApp
  let drop: () => Promise<void>
  const rule = { name: 'v', description: 'v', conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 99 }], actions: [{ type: 'send_alert' }], priority: 5, cooldown: '1m' }
  const good = { kind: 'ruleset', rules: [rule], stages: [{ selector: 'ring=canary', soak: '10m' }, { percent: 100, soak: '10m' }] }

  beforeAll(async () => {
    const handle = await pglite.open()
    drop = handle.drop
    t = await createTestApp(handle.database, {}, { rollouts: { tickMs: 0 } })
    await t.app.ready()
  }, 60_000)
  afterAll(async () => {
    await t?.app.close()
    await drop?.()
  })

  const post = (body: unknown, token?: string) => t.call('POST', '/api/v1/rollouts', body, token)

  test.each([
    ['no stages', { ...good, stages: undefined }, 'body.stages is required'],
    ['empty stages', { ...good, stages: [] }, 'body.stages'],
    ['unknown field', { ...good, wave: 1 }, 'body.wave is not an accepted field'],
    ['unknown kind', { ...good, kind: 'agent' }, 'body.kind must be one of'],
    ['percent above 100', { ...good, stages: [{ percent: 150, soak: '1m' }] }, 'body.stages[0].percent must be <= 100'],
    ['soak not a duration', { ...good, stages: [{ percent: 100, soak: 'soon' }] }, 'body.stages[0].soak must be a duration'],
    ['soak beyond 30 days', { ...good, stages: [{ percent: 100, soak: '31d' }] }, 'body.stages[0].soak must be at most 2592000 s'],
    ['both selector and percent', { ...good, stages: [{ selector: 'a=b', percent: 5, soak: '1m' }, { percent: 100, soak: '1m' }] }, 'body.stages[0]: give either selector'],
    ['neither selector nor percent', { ...good, stages: [{ soak: '1m' }, { percent: 100, soak: '1m' }] }, 'body.stages[0]: give either selector'],
    ['stages shrinking', { ...good, stages: [{ percent: 10, soak: '1m' }, { percent: 5, soak: '1m' }, { percent: 100, soak: '1m' }] }, 'body.stages[1].percent: 5 must be larger'],
    ['not ending at 100 %', { ...good, stages: [{ percent: 10, soak: '1m' }, { percent: 50, soak: '1m' }] }, 'body.stages[1].percent: the last stage must be percent: 100'],
    ['three decimals', { ...good, stages: [{ percent: 0.125, soak: '1m' }, { percent: 100, soak: '1m' }] }, 'body.stages[0].percent'],
    ['bad selector', { ...good, stages: [{ selector: 'ring in (', soak: '1m' }, { percent: 100, soak: '1m' }] }, 'body.stages[0].selector'],
    ['unknown gate metric', { ...good, gate: { cpu: { max_ratio: 2 } } }, 'body.gate.cpu is not an accepted field'],
    ['gate ratio below 1', { ...good, gate: { action_rate: { max_ratio: 0.5 } } }, 'body.gate.action_rate.max_ratio must be >= 1'],
    ['invalid rule', { ...good, rules: [{ ...rule, conditions: [{ metric: 'cpu_precent', operator: 'gt', threshold: 1 }] }] }, 'body.rules[0].conditions[0].metric: unknown metric "cpu_precent"'],
    ['rules and ruleset_version', { ...good, ruleset_version: 1 }, 'not both'],
    ['neither rules nor ruleset_version', { kind: 'ruleset', stages: good.stages }, 'neither was given'],
    ['the current version', { kind: 'ruleset', ruleset_version: 1, stages: good.stages }, 'body.ruleset_version: version 1 is already the current ruleset'],
    ['a version that does not exist', { kind: 'ruleset', ruleset_version: 999, stages: good.stages }, 'body.ruleset_version: version 999 does not exist'],
    ['a model that is not registered', { kind: 'model', model_version: 'nope-1', stages: good.stages }, 'body.model_version: model "nope-1" is not registered'],
    ['a model rollout with rules', { kind: 'model', rules: [rule], stages: good.stages }, 'body.rules: a model rollout takes model_version only'],
  ])('%s → 400 naming the field', async (_name, body, expected) => {
    const r = await post(body)
    expect(r.status, JSON.stringify(r.json)).toBe(400)
    expect(r.json.status).toBe('error')
    expect(r.json.error.message).toContain(expected)
    // Nothing was started by a refused request.
    expect((await t.call('GET', '/api/v1/rollouts')).json.data.rollouts.filter((x: { state: string }) => x.state === 'running')).toEqual([])
  })

  test('roles, unknown ids, a second active rollout, a manual move from the wrong state', async () => {
    expect((await post(good, t.viewer)).status).toBe(403)
    expect((await t.call('GET', '/api/v1/rollouts/rol_nope')).status).toBe(404)
    expect((await t.call('POST', '/api/v1/rollouts/rol_nope/pause', {})).status).toBe(404)
    // Hundredths are accepted however floating point spells them (0.07 × 100 = 7.000000000000001).
    const hundredths = await post({ ...good, stages: [{ percent: 0.07, soak: '1m' }, { percent: 100, soak: '1m' }] })
    expect(hundredths.status, JSON.stringify(hundredths.json)).toBe(201)
    expect((await t.call('POST', `/api/v1/rollouts/${hundredths.json.data.id}/abort`, {})).status).toBe(200)
    const first = await post(good, t.operator)
    expect(first.status).toBe(201)
    const second = await post(good)
    expect(second.status).toBe(409)
    expect(second.json.error.code).toBe('rollout_in_progress')
    expect(second.json.error.message).toContain(first.json.data.id)
    const resume = await t.call('POST', `/api/v1/rollouts/${first.json.data.id}/resume`, {})
    expect(resume.status).toBe(409)
    expect(resume.json.error.message).toContain('resume needs it paused')
    expect((await t.call('POST', `/api/v1/rollouts/${first.json.data.id}/abort`, { reason: '' })).status).toBe(400)
    expect((await t.call('POST', `/api/v1/rollouts/${first.json.data.id}/abort`, {}, t.viewer)).status).toBe(403)
    expect((await t.call('POST', `/api/v1/rollouts/${first.json.data.id}/abort`, {})).json.data.state).toBe('aborted')
  })
})
