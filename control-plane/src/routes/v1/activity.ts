import Type from 'typebox'
import { toSeconds } from '@smartcloudops/shared'
import { activityBuckets } from '../../db/queries/activity'
import { TargetFields, describeTarget, parseTarget, resolveTargetHosts } from '../../fleet/targets'
import { Success, errorResponses, ok } from '../../http/envelope'
import { badRequest } from '../../http/errors'
import { ActivitySeries, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/** Bounds that keep one request cheap: the counting is the database's, the series is this answer's size. */
export const activityLimits = { maxRangeS: 90 * 86_400, minBucketS: 10, maxBuckets: 1000, defaultBuckets: 60, defaultRangeS: 86_400 }

/** A step people pick: the smallest of these that gives at most `defaultBuckets` buckets. */
const steps = [10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400]

function defaultBucket(rangeS: number): number {
  return steps.find((s) => rangeS / s <= activityLimits.defaultBuckets) ?? Math.ceil(rangeS / activityLimits.defaultBuckets)
}

/** Remediation activity over time: decisions, suppressions, dry-runs and actions per bucket (GET /activity). */
export function activityRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.get(
    '/activity',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['history'],
        summary: 'Decisions (suppressed, dry-run) and actions counted per time bucket, for the fleet, a selector or a host',
        querystring: Type.Object(
          {
            ...TargetFields,
            from: Type.Optional(Type.String({ format: 'date-time', description: 'default: `to` minus 24 h' })),
            to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
            bucket: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}(s|m|h|d)$', maxLength: 10, description: 'bucket width, e.g. 5m; default: a step giving at most 60 buckets' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(ActivitySeries)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const to = q.to ? new Date(q.to) : new Date()
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - activityLimits.defaultRangeS * 1000)
      const rangeS = (to.getTime() - from.getTime()) / 1000
      if (!(rangeS > 0)) throw badRequest('invalid_range', 'from must be before to')
      if (rangeS > activityLimits.maxRangeS) throw badRequest('invalid_range', `the range is at most ${activityLimits.maxRangeS / 86_400} days; narrow from/to`)
      const bucketS = q.bucket ? toSeconds(q.bucket) : defaultBucket(rangeS)
      if (bucketS < activityLimits.minBucketS) throw badRequest('invalid_bucket', `bucket is at least ${activityLimits.minBucketS}s`)
      if (rangeS / bucketS > activityLimits.maxBuckets) {
        throw badRequest('invalid_bucket', `${q.bucket} over this range makes ${Math.ceil(rangeS / bucketS)} buckets; at most ${activityLimits.maxBuckets} (use a wider bucket or a shorter range)`)
      }
      const target = parseTarget(q)
      const hostIds = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      const buckets = await activityBuckets(db, { from, to, bucketS, hostIds })
      return ok({
        from: from.toISOString(),
        to: to.toISOString(),
        bucket_s: bucketS,
        target: describeTarget(target),
        buckets: buckets.map((b) => ({ ...b, start: b.start.toISOString() })),
      })
    },
  )
}
