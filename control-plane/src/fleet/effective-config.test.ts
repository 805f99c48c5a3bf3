import { expect, test } from 'vitest'
import { effectiveConfig } from './desired-state'

const fleet = { interval_s: 30, buffer_size: 10, monitoring: true, verify_window: '60s', action_timeout: '30s' }

test('effective config: the fleet config, then the host patch; an invalid patch is ignored; a new fleet config is read, not a remembered one', () => {
  expect(effectiveConfig(fleet, {})).toMatchObject({ interval_s: 30 })
  expect(effectiveConfig(fleet, { interval_s: 5 })).toMatchObject({ interval_s: 5, buffer_size: 10 })
  expect(effectiveConfig(fleet, { interval_s: 0 })).toMatchObject({ interval_s: 30 })
  // Hosts without a patch share one answer per fleet config object; the next change is a new object.
  expect(effectiveConfig(fleet, {})).toBe(effectiveConfig(fleet, {}))
  expect(effectiveConfig({ ...fleet, interval_s: 15 }, {})).toMatchObject({ interval_s: 15 })
  expect(effectiveConfig(fleet, {})).toMatchObject({ interval_s: 30 })
})
