import { GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

/** ISO-8601 date-time strings (API.md calls it DateTime). */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeISOResolver.toConfig(),
  name: 'DateTime',
  description: 'A date-time string in ISO-8601 format with a time zone, e.g. 2026-11-26T10:00:00.000Z.',
});
