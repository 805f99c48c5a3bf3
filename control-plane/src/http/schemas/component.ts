import Type, { type Static, type TSchema } from 'typebox'

/**
 * Named response schemas. Each is registered once with fastify's `addSchema` (app.ts), so
 * @fastify/swagger emits it under `components.schemas` and routes point at it with a `$ref`: a
 * generated client then has one `Host` type instead of forty anonymous copies.
 */
export type Component<T extends TSchema = TSchema> = T & { $id: string }

export function component<T extends TSchema>(id: string, schema: T): Component<T> {
  return { ...schema, $id: id } as Component<T>
}

/** A `$ref` to a component that keeps the component's static type for handlers. */
export function ref<T extends TSchema>(c: Component<T>) {
  return Type.Unsafe<Static<T>>({ $ref: `${c.$id}#` })
}

/** Timestamps leave the API as ISO 8601 strings. */
export const Iso = Type.String({ format: 'date-time' })
export const IsoOrNull = Type.Union([Iso, Type.Null()])
export const Json = Type.Record(Type.String(), Type.Unknown())
export const Labels = Type.Record(Type.String(), Type.String())

export function Nullable<T extends TSchema>(t: T) {
  return Type.Union([t, Type.Null()])
}
