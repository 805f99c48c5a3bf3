import Type, { type TSchema } from 'typebox'
import { numberLimits } from '@smartcloudops/shared'

/** The report's envelope: `{status:'success', data}`. */
export function Success<T extends TSchema>(data: T) {
  return Type.Object({ status: Type.Literal('success'), data })
}

export const ErrorBody = Type.Object({
  status: Type.Literal('error'),
  error: Type.Object({ code: Type.String(), message: Type.String() }),
})

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
}

export function ok<T>(data: T): { status: 'success'; data: T } {
  return { status: 'success', data }
}

/** Timestamps leave the API as ISO-8601 strings (or null). */
export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null
}

export const IsoTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

// Optional (a client may leave them out): the defaults fill them in.
export const Pagination = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: numberLimits.offset, default: 0 })),
})
