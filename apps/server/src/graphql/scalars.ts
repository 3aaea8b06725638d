import { GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

const iso = DateTimeISOResolver.toConfig();

/** ISO-8601 date-time strings (API.md calls it DateTime). */
export const DateTimeScalar = new GraphQLScalarType({
  ...iso,
  name: 'DateTime',
  description: 'A date-time string in ISO-8601 format with a time zone, e.g. 2026-11-26T10:00:00.000Z.',
  // the common case (a valid Date from the database) without graphql-scalars' extra checks; the same output
  serialize: (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : iso.serialize(value)),
});
