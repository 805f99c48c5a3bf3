import { expect, test } from 'vitest'
import type { ActiveAssignment } from '../db/queries/models'
import { parseLabelSelector } from '@smartcloudops/shared/label-selector'
import { effectiveModel } from './model-assignment'

let n = 0
function a(scope: ActiveAssignment['scope'], selector: Record<string, string>, version: string, at: number, requirements: ActiveAssignment['requirements'] = null): ActiveAssignment {
  return { id: `mda_${++n}`, scope, selector, requirements, modelVersion: version, author: 't', createdAt: new Date(at), clearedAt: null, clearedBy: null, sha256: 'f'.repeat(64), size: 100 }
}

const web = { id: 'h1', labels: { role: 'web', env: 'prod' } }
const db = { id: 'h2', labels: { role: 'db', env: 'prod' } }

test('no assignment → undefined (the built-in model)', () => {
  expect(effectiveModel([], web)).toBeUndefined()
  expect(effectiveModel([a('group', { role: 'cache' }, 'g', 1), a('host', { host_id: 'h9' }, 'h', 2)], web)).toBeUndefined()
})

test('host beats group beats fleet, whatever their age', () => {
  const fleet = a('fleet', {}, 'f', 3000)
  const group = a('group', { role: 'web' }, 'g', 2000)
  const host = a('host', { host_id: 'h1' }, 'h', 1000)
  expect(effectiveModel([fleet, group, host], web)?.version).toBe('h')
  expect(effectiveModel([fleet, group], web)?.version).toBe('g')
  expect(effectiveModel([fleet, group, host], db)?.version).toBe('f')
})

test('among matching groups the newest wins; the reference points at the agent download path', () => {
  const older = a('group', { env: 'prod' }, 'older', 1000)
  const newer = a('group', { role: 'web' }, 'newer v/1', 2000)
  const m = effectiveModel([newer, older], web)
  expect(m).toMatchObject({ version: 'newer v/1', sha256: 'f'.repeat(64), size: 100, url: '/api/v1/agents/models/newer%20v%2F1' })
  expect(effectiveModel([older, newer], db)?.version).toBe('older')
})

test('a set-based group covers the hosts its terms select, and only those', () => {
  const notDb = a('group', {}, 'not-db', 1000, parseLabelSelector('role notin (db),env'))
  expect(effectiveModel([notDb], web)?.version).toBe('not-db')
  expect(effectiveModel([notDb], db)).toBeUndefined()
  expect(effectiveModel([notDb], { id: 'h3', labels: { role: 'web' } })).toBeUndefined()
})
