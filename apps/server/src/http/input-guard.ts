import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Config } from '../config.js';
import type { Context } from '../modules/context.js';
import { AppError, BadRequestError, formatError } from '../graphql/errors.js';
import { checkInputStrings, inputRulesOf } from '../graphql/input-rules.js';
import { GRAPHQL_PATH } from './ws.js';

/** A subscription sent over HTTP: it runs only over WebSocket. */
export function subscriptionOverHttpError(): BadRequestError {
  return new BadRequestError(
    `Subscriptions run over WebSocket: open ws(s)://<host>${GRAPHQL_PATH} with the graphql-transport-ws protocol (graphql-ws). HTTP runs queries and mutations.`,
    { operation: 'subscription', path: GRAPHQL_PATH, protocol: 'graphql-transport-ws' },
  );
}

/**
 * Refuses, with 400 and before anything runs, a subscription sent over HTTP (BAD_REQUEST) and
 * an operation whose string arguments break the input rule (BAD_USER_INPUT, graphql/input-rules.ts;
 * WebSocket checks the same rule in http/ws.ts).
 */
export function inputGuardPlugin(config: Pick<Config, 'commentMaxLength'>): ApolloServerPlugin<Context> {
  const rules = inputRulesOf(config);
  // no per-request state: one listener serves every request (nothing allocated per request)
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation(rc) {
      try {
        if (rc.operation?.operation === 'subscription') throw subscriptionOverHttpError();
        checkInputStrings(rc.schema, rc.document, rc.request.variables, { operationName: rc.request.operationName, rules });
      } catch (err) {
        if (err instanceof AppError) rc.response.http.status = 400;
        throw err;
      }
    },
    async willSendResponse(rc) {
      // Apollo refuses a GET subscription itself, before didResolveOperation, with 405 and
      // `Allow: POST` (which would not help): the same answer as over POST instead
      if (rc.operation?.operation !== 'subscription' || rc.request.http?.method !== 'GET' || rc.response.body.kind !== 'single') return;
      const err = subscriptionOverHttpError();
      rc.response.body.singleResult.errors = [formatError({ message: err.message }, err)];
      rc.response.http.status = 400;
      rc.response.http.headers.delete('allow');
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
